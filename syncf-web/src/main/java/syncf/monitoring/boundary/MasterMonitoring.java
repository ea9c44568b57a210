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
import syncf.node.control.NodeMetrics;
import syncf.node.control.RecentValue;
import syncf.task.boundary.ThroughputMeter;
import syncf.task.control.Tracking;

/**
 * Shows the master's figures in the server's monitoring as {@code syncf:type=Jobs}, and its
 * metrics to the node's {@code /api/metrics} as {@code syncf:type=Metrics,part=master}, for as
 * long as the master is deployed. Both read the same figures: a reading costs three small queries
 * (the jobs by state, the tallies, the running jobs' queue: a few rows per job, docs/adr/0017) and
 * is kept for a second, so a console refreshing every attribute, or a scrape, reads the database
 * once.
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

    @Inject
    MasterMeters meters;

    private ObjectName registered;
    private ObjectName metrics;

    @PostConstruct
    void register() {
        RecentValue<JobFigures> figures = new RecentValue<>(this::read, KEPT, Clock.systemUTC());
        registered = ManagementBeans.register(NAME, JobsMXBean.class, figures::get);
        metrics = NodeMetrics.register("master", () -> meters.scrape(figures::get));
    }

    private JobFigures read() {
        return new JobFigures(jobs.countByStatus(), tracking.overall(), tracking.queuedOfRunningJobs(),
                meter.bytesPerSecondOfAll());
    }

    @PreDestroy
    void unregister() {
        ManagementBeans.unregister(metrics);
        ManagementBeans.unregister(registered);
    }
}
