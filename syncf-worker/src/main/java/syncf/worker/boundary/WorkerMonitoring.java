package syncf.worker.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import javax.management.ObjectName;
import syncf.node.control.ManagementBeans;
import syncf.node.control.NodeMetrics;
import syncf.transfer.control.CopyActivity;

/**
 * Shows this worker's figures in the server's monitoring, and its metrics to the node's
 * {@code /api/metrics} as {@code syncf:type=Metrics,part=worker}, for as long as the worker is
 * deployed; both read {@link CopyActivity}'s counters.
 */
@Startup
@Singleton
public class WorkerMonitoring {

    @Inject
    CopyActivity activity;

    @Inject
    WorkerMeters meters;

    private ObjectName registered;
    private ObjectName metrics;

    @PostConstruct
    void register() {
        String id = WorkerIdentity.id();
        WorkerMXBean figures = new WorkerMXBean() {
            @Override
            public String getWorkerId() {
                return id;
            }

            @Override
            public int getBusySessions() {
                return activity.busySessions();
            }

            @Override
            public int getActiveCopies() {
                return activity.activeCopies();
            }

            @Override
            public long getCopiedBytes() {
                return activity.copiedBytes();
            }

            @Override
            public long getCopiedFiles() {
                return activity.copiedFiles();
            }

            @Override
            public long getResumes() {
                return activity.resumes();
            }

            @Override
            public long getRereadBytes() {
                return activity.rereadBytes();
            }

            @Override
            public long getRetries() {
                return activity.retries();
            }

            @Override
            public long getFailures() {
                return activity.failures();
            }
        };
        registered = ManagementBeans.register("type=Worker,name=" + ManagementBeans.quoted(id), figures);
        meters.bind(activity, id);
        metrics = NodeMetrics.register("worker", meters::scrape);
    }

    @PreDestroy
    void unregister() {
        ManagementBeans.unregister(metrics);
        ManagementBeans.unregister(registered);
    }
}
