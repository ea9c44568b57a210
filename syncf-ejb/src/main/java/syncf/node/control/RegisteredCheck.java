package syncf.node.control;

import static java.lang.System.Logger.Level.WARNING;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * One health check of a module, as {@link NodeHealth} holds it: its kind, and its bean class as
 * {@code source}, the only name a check that throws has.
 */
public record RegisteredCheck(String source, CheckKind kind, HealthCheck check) {

    private static final System.Logger LOG = System.getLogger(RegisteredCheck.class.getName());

    public RegisteredCheck {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(check, "check");
    }

    /**
     * The check's answer; a check that throws, or answers nothing, is {@code DOWN} under its
     * source's name with the reason, as SmallRye Health reports one, not a failed request.
     */
    public HealthCheckResponse call() {
        try {
            HealthCheckResponse response = check.call();
            if (response == null) {
                return down("the check gave no answer");
            }
            return response;
        } catch (RuntimeException | LinkageError e) {
            LOG.log(WARNING, "Health check " + source + " failed", e);
            return down(e.toString());
        }
    }

    private HealthCheckResponse down(String reason) {
        // the constructor, not HealthCheckResponse.named(): that needs the server's response provider
        return new HealthCheckResponse(source, HealthCheckResponse.Status.DOWN, Optional.of(Map.of("error", reason)));
    }
}
