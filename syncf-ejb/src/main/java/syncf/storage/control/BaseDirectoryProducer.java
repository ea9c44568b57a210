package syncf.storage.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes the configured base directory ({@code syncf.base-path}, env {@code SYNCF_BASE_PATH}) injectable. */
@ApplicationScoped
public class BaseDirectoryProducer {

    @Produces
    @Singleton
    BaseDirectory baseDirectory(@ConfigProperty(name = "syncf.base-path", defaultValue = "data") String basePath) {
        return BaseDirectory.open(Path.of(basePath).toAbsolutePath());
    }
}
