package syncf.auth.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import syncf.auth.control.Credentials;

/**
 * The credentials of {@code syncf.auth.file}, read once as the module starts (a changed file
 * takes a restart), so that a file SyncF cannot use stops the deployment with its reason rather
 * than failing every request later.
 */
@ApplicationScoped
public class ConfiguredCredentials {

    private static final Logger LOG = System.getLogger(ConfiguredCredentials.class.getName());

    @Inject
    @ConfigProperty(name = "syncf.auth.file")
    Optional<String> file;

    private Credentials credentials;

    @PostConstruct
    void read() {
        credentials = file.filter(name -> !name.isBlank()).map(name -> Credentials.read(Path.of(name))).orElse(Credentials.none());
        if (credentials.configured()) {
            LOG.log(Level.INFO, "Callers need credentials: {0} from {1}", credentials, file.orElseThrow());
        } else {
            LOG.log(Level.INFO, "No credentials configured (syncf.auth.file): only requests that arrive on loopback are answered");
        }
    }

    void readAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        credentials();
    }

    public Credentials credentials() {
        return credentials;
    }
}
