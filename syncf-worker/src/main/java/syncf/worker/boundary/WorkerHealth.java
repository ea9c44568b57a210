package syncf.worker.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import syncf.persistence.control.DatabaseProbe;

/**
 * A worker is ready while it consumes (its adapter holds a broker connection with consumers)
 * and can record progress (the database answers). One check named {@code worker}, so a node
 * running master and worker lists the database once.
 */
@Readiness
@ApplicationScoped
public class WorkerHealth implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        DatabaseProbe.Answer answer = DatabaseProbe.ask();
        boolean consuming = Consumers.consuming();
        return HealthCheckResponse.named("worker").status(answer.up() && consuming)
                .withData("worker_id", WorkerIdentity.id())
                .withData("database", answer.detail())
                .withData("consuming", consuming)
                .build();
    }
}
