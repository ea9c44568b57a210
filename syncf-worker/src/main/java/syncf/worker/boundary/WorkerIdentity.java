package syncf.worker.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * The worker's name, shown as {@code slave_id} on every task it copies. Configured by
 * {@code syncf.worker.id} ({@code SYNCF_WORKER_ID}, {@code ./syncf worker ID}); without one,
 * host name and process id, which is unique on one machine and stable for the process.
 */
@Liveness
@ApplicationScoped
public class WorkerIdentity implements HealthCheck {

    @Inject
    @ConfigProperty(name = "syncf.worker.id")
    Optional<String> configuredId;

    public String id() {
        return configuredId.filter(id -> !id.isBlank()).orElseGet(() -> ManagementFactory.getRuntimeMXBean().getName());
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("worker").up().withData("worker_id", id()).build();
    }
}
