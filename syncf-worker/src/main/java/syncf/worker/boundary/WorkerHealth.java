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
 * A worker is ready while it consumes (the adapter holds a broker connection with consumers on
 * the task queue) and can record progress (the database answers). One check named
 * {@code worker}, so a node running master and worker lists the database once. What the
 * adapter knows is read from the MBean it registers per queue, by name, since the standalone
 * adapter and this application share no class (docs/adr/0012, 0014): {@code consuming},
 * {@code broker_reconnects}, and {@code messages_set_aside} (moved to {@code syncf.tasks.dead}).
 */
@Readiness
@ApplicationScoped
public class WorkerHealth implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        DatabaseProbe.Answer answer = DatabaseProbe.ask();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("worker")
                .withData("worker_id", WorkerIdentity.id())
                .withData("database", answer.detail());
        boolean consuming = false;
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName queue = new ObjectName("syncf:type=QueueActivation,queue=" + ObjectName.quote(TaskQueue.NAME));
            if (server.isRegistered(queue)) {
                consuming = (Boolean) server.getAttribute(queue, "Connected");
                response.withData("broker_reconnects", (Long) server.getAttribute(queue, "Reconnects"))
                        .withData("messages_set_aside", (Long) server.getAttribute(queue, "MessagesSetAside"));
            }
        } catch (JMException e) {
            // the adapter stopped in between: nothing feeds this worker, so it is not ready
            consuming = false;
        }
        return response.withData("consuming", consuming).status(answer.up() && consuming).build();
    }
}
