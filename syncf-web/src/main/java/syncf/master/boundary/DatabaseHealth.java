package syncf.master.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import syncf.persistence.control.DatabaseProbe;

/** The master is ready only while the database answers: without it, it can accept no job. */
@Readiness
@ApplicationScoped
public class DatabaseHealth implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        DatabaseProbe.Answer answer = DatabaseProbe.ask();
        return HealthCheckResponse.named("database").status(answer.up())
                .withData(answer.up() ? "product" : "error", answer.detail()).build();
    }
}
