package syncf.storage.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the storage injectable: the {@code local} backend over the base directory, fsyncing as
 * {@code syncf.transfer.fsync} (env {@code SYNCF_TRANSFER_FSYNC}) says ({@link Durability}).
 */
@ApplicationScoped
public class StorageProducer {

    @Produces
    @Singleton
    Storage storage(BaseDirectory base,
            @ConfigProperty(name = "syncf.transfer.fsync", defaultValue = "true") boolean fsync) {
        return new LocalStorage(base, Durability.of(fsync));
    }
}
