package syncf.storage.control;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.core.exception.SdkException;
import syncf.storage.entity.StorageType;
import syncf.storage.entity.UnsupportedStorageType;
import syncf.storage.s3.S3Settings;
import syncf.storage.s3.S3Storage;

/**
 * The storages this node can reach, one per {@link StorageType}: what a job's
 * {@code source_type} and {@code sink_type} name. Every bean that touches a job's files asks
 * here for the backend of the side it works on. The {@code local} backend is the base directory,
 * fsynced as {@code syncf.transfer.fsync} (env {@code SYNCF_TRANSFER_FSYNC}) says
 * ({@link Durability}). The {@code s3} backend exists when {@code syncf.s3.buckets} (env
 * {@code SYNCF_S3_BUCKETS}) names buckets; how to reach the store follows the AWS SDK's
 * conventions ({@link S3Settings}). Its client is made once and closed with this bean.
 */
@ApplicationScoped
public class Stores {

    private static final System.Logger LOG = System.getLogger(Stores.class.getName());

    @Inject
    BaseDirectory base;

    @Inject
    @ConfigProperty(name = "syncf.transfer.fsync", defaultValue = "true")
    boolean fsync;

    @Inject
    Config config;

    private Storage local;
    private S3Storage s3;
    private String s3Missing;

    @PostConstruct
    void open() {
        local = new LocalStorage(base, Durability.of(fsync));
        S3Settings settings;
        try {
            settings = S3Settings.from(config);
        } catch (IllegalArgumentException e) {
            s3Missing = "\"s3\" is not usable on this server: AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL) is not a URL";
            LOG.log(WARNING, "S3 store not usable: the endpoint is not a URL");
            return;
        }
        if (!settings.configured()) {
            s3Missing = "\"s3\" is not configured on this server: set SYNCF_S3_BUCKETS";
            return;
        }
        try {
            s3 = S3Storage.open(settings);
            LOG.log(INFO, "S3 store: {0}", settings);
        } catch (SdkException e) {
            // typically no region found; the SDK's message may name the endpoint, so only its kind is logged
            s3Missing = "\"s3\" is not usable on this server: its client cannot be made (set AWS_REGION)";
            LOG.log(WARNING, "S3 store not usable ({0}): {1}", settings, e.getClass().getSimpleName());
        }
    }

    @PreDestroy
    void close() {
        if (s3 != null) {
            s3.close();
        }
    }

    /** @throws UnsupportedStorageType when this server has no store of that type configured */
    public Storage of(StorageType type) {
        return switch (type) {
            case LOCAL -> local;
            case S3 -> {
                if (s3 == null) {
                    throw new UnsupportedStorageType(s3Missing);
                }
                yield s3;
            }
        };
    }
}
