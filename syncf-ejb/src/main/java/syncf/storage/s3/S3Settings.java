package syncf.storage.s3;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * How to reach one S3-compatible store and which of its buckets jobs may name. The default
 * store follows the AWS SDK's own conventions, so that a set-up that works for the AWS CLI works
 * here: {@code AWS_ENDPOINT_URL_S3}, else {@code AWS_ENDPOINT_URL}; {@code AWS_REGION};
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} (and {@code AWS_SESSION_TOKEN}),
 * else the SDK's default credentials chain. SyncF's own keys: {@code syncf.s3.buckets} (env
 * {@code SYNCF_S3_BUCKETS}) and {@code syncf.s3.path-style} (env {@code SYNCF_S3_PATH_STYLE}).
 * More named stores would be more of these, one {@link S3Storage} each.
 *
 * <p>{@link #toString()} names no endpoint, key or region: settings may be logged.
 *
 * @param endpoint  empty for AWS itself
 * @param region    empty: the SDK's region chain decides (profile, instance metadata)
 * @param accessKey empty: the SDK's default credentials chain
 * @param roots     the buckets, or {@code bucket/prefix} roots, jobs may name; none: no store
 */
public record S3Settings(Optional<URI> endpoint, Optional<String> region, boolean pathStyle, Optional<String> accessKey,
        Optional<String> secretKey, Optional<String> sessionToken, List<S3Root> roots) {

    /** Where S3 addresses go when an endpoint is set and no region: the region S3-compatible servers expect. */
    static final String DEFAULT_REGION = "us-east-1";

    public S3Settings {
        roots = List.copyOf(roots);
    }

    /** The default store, as the configuration (environment, system properties, config files) says. */
    public static S3Settings from(Config config) {
        Optional<URI> endpoint = value(config, "AWS_ENDPOINT_URL_S3").or(() -> value(config, "AWS_ENDPOINT_URL"))
                .map(URI::create);
        Optional<String> region = value(config, "AWS_REGION")
                .or(() -> endpoint.isPresent() ? Optional.of(DEFAULT_REGION) : Optional.empty());
        // virtual-hosted addressing needs DNS per bucket, which S3-compatible servers rarely have
        boolean pathStyle = config.getOptionalValue("syncf.s3.path-style", Boolean.class).orElse(endpoint.isPresent());
        return new S3Settings(endpoint, region, pathStyle, value(config, "AWS_ACCESS_KEY_ID"),
                value(config, "AWS_SECRET_ACCESS_KEY"), value(config, "AWS_SESSION_TOKEN"),
                S3Root.parseAll(value(config, "syncf.s3.buckets").orElse("")));
    }

    /** Whether jobs may use this store at all. */
    public boolean configured() {
        return !roots.isEmpty();
    }

    private static Optional<String> value(Config config, String name) {
        return config.getOptionalValue(name, String.class).map(String::strip).filter(v -> !v.isEmpty());
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint " + (endpoint.isPresent() ? "set" : "AWS") + ", path-style " + pathStyle
                + ", credentials " + (accessKey.isPresent() ? "given" : "default chain") + ", " + roots.size() + " roots]";
    }

    /** A bucket jobs may name, or only a prefix of it ({@code prefix} empty: the whole bucket). */
    public record S3Root(String bucket, String prefix) {

        static List<S3Root> parseAll(String list) {
            List<S3Root> roots = new ArrayList<>();
            for (String item : list.split(",")) {
                String root = item.strip();
                while (root.endsWith("/")) {
                    root = root.substring(0, root.length() - 1);
                }
                if (root.isEmpty()) {
                    continue;
                }
                int slash = root.indexOf('/');
                roots.add(slash < 0 ? new S3Root(root, "") : new S3Root(root.substring(0, slash), root.substring(slash + 1)));
            }
            return roots;
        }

        /** Whether {@code key} of {@code bucket} is this root or under it, on {@code /} boundaries. */
        boolean holds(String bucket, String key) {
            return this.bucket.equals(bucket) && S3Location.under(key, prefix);
        }
    }
}
