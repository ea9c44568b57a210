package syncf.worker.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import syncf.persistence.control.DatabaseProbe;

/**
 * A worker is ready while it consumes (the adapter holds a broker connection with consumers on
 * the task queue) and can record progress (the database answers). One check named
 * {@code worker}, so a node running master and worker lists the database once. What the
 * adapter knows ({@link TaskQueueActivation}): {@code consuming}, {@code broker_reconnects}, and
 * {@code messages_set_aside} (moved to {@code syncf.tasks.dead}).
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
        Optional<TaskQueueActivation> queue = TaskQueueActivation.read();
        queue.ifPresent(activation -> response.withData("broker_reconnects", activation.reconnects())
                .withData("messages_set_aside", activation.setAside()));
        // no activation: nothing feeds this worker, so it is not ready
        boolean consuming = queue.map(TaskQueueActivation::consuming).orElse(false);
        return response.withData("consuming", consuming).status(answer.up() && consuming).build();
    }
}
