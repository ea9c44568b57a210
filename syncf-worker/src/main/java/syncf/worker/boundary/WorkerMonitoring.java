package syncf.worker.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import javax.management.ObjectName;
import syncf.node.control.ManagementBeans;
import syncf.transfer.control.CopyActivity;

/** Shows this worker's figures in the server's monitoring, for as long as the worker is deployed. */
@Startup
@Singleton
public class WorkerMonitoring {

    @Inject
    CopyActivity activity;

    private ObjectName registered;

    @PostConstruct
    void register() {
        String id = WorkerIdentity.id();
        WorkerMXBean figures = new WorkerMXBean() {
            @Override
            public String getWorkerId() {
                return id;
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
        };
        registered = ManagementBeans.register("type=Worker,name=" + ManagementBeans.quoted(id), figures);
    }

    @PreDestroy
    void unregister() {
        ManagementBeans.unregister(registered);
    }
}
