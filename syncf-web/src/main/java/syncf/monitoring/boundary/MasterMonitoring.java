package syncf.monitoring.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import javax.management.ObjectName;
import syncf.job.control.JobService;
import syncf.node.control.ManagementBeans;
import syncf.node.control.RecentValue;
import syncf.task.boundary.ThroughputMeter;
import syncf.task.control.Tracking;

/**
 * Shows the master's figures in the server's monitoring as {@code syncf:type=Jobs}, for as long
 * as the master is deployed. A reading costs two small queries (the jobs by state, and the
 * tallies: a few rows per job, docs/adr/0017) and is kept for a second, so a console refreshing
 * every attribute reads the database once.
 */
@Startup
@Singleton
public class MasterMonitoring {

    static final String NAME = "type=Jobs";
    private static final Duration KEPT = Duration.ofSeconds(1);

    @Inject
    JobService jobs;

    @Inject
    Tracking tracking;

    @Inject
    ThroughputMeter meter;

    private ObjectName registered;

    @PostConstruct
    void register() {
        RecentValue<JobFigures> figures = new RecentValue<>(this::read, KEPT, Clock.systemUTC());
        registered = ManagementBeans.register(NAME, JobsMXBean.class, figures::get);
    }

    private JobFigures read() {
        return new JobFigures(jobs.countByStatus(), tracking.overall(), meter.bytesPerSecondOfAll());
    }

    @PreDestroy
    void unregister() {
        ManagementBeans.unregister(registered);
    }
}
