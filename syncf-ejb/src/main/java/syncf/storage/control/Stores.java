package syncf.storage.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import syncf.storage.entity.StorageType;
import syncf.storage.entity.UnsupportedStorageType;

/**
 * The storages this node can reach, one per {@link StorageType}: what a job's
 * {@code source_type} and {@code sink_type} name. Every bean that touches a job's files asks
 * here for the backend of the side it works on. The {@code local} backend is the base directory,
 * fsynced as {@code syncf.transfer.fsync} (env {@code SYNCF_TRANSFER_FSYNC}) says
 * ({@link Durability}).
 */
@ApplicationScoped
public class Stores {

    @Inject
    BaseDirectory base;

    @Inject
    @ConfigProperty(name = "syncf.transfer.fsync", defaultValue = "true")
    boolean fsync;

    private Storage local;

    @PostConstruct
    void open() {
        local = new LocalStorage(base, Durability.of(fsync));
    }

    /** @throws UnsupportedStorageType when this server has no store of that type configured */
    public Storage of(StorageType type) {
        return switch (type) {
            case LOCAL -> local;
            case S3 -> throw new UnsupportedStorageType("\"s3\" is not configured on this server");
        };
    }
}
