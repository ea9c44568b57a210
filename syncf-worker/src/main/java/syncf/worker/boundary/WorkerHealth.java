package syncf.worker.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import syncf.persistence.control.DatabaseProbe;
import syncf.task.control.TaskQueue;

/**
 * A worker is ready while it can record progress: the database answers. One check named
 * {@code worker}, so a node running master and worker lists the database once. Its data also
 * shows what the resource adapter counts for the task queue ({@code broker_reconnects},
 * {@code messages_set_aside}: messages moved to {@code syncf.tasks.dead}), read from the MBean the
 * adapter registers, since the adapter and this application share no class.
 */
@Readiness
@ApplicationScoped
public class WorkerHealth implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        DatabaseProbe.Answer answer = DatabaseProbe.ask();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("worker").status(answer.up())
                .withData("worker_id", WorkerIdentity.id())
                .withData("database", answer.detail());
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName queue = new ObjectName("syncf.messaging.ra:type=QueueActivation,queue=" + ObjectName.quote(TaskQueue.NAME));
            if (server.isRegistered(queue)) {
                response.withData("broker_reconnects", (Long) server.getAttribute(queue, "Reconnects"))
                        .withData("messages_set_aside", (Long) server.getAttribute(queue, "MessagesSetAside"));
            }
        } catch (JMException e) {
            // the adapter stopped in between: nothing to show this time
        }
        return response.build();
    }
}
