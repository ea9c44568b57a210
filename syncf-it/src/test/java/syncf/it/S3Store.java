package syncf.it;

import java.net.URI;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import syncf.storage.s3.S3ProxyServer;

/**
 * The S3 store of a failsafe run, beside the shared node: an {@link S3ProxyServer} started
 * before the node and stopped after it, with the {@link #BUCKETS} the node is allowed
 * ({@code SYNCF_S3_BUCKETS}) created and empty at the start. Its data directory is new per
 * run, so no run sees another's objects; test classes of one run share the buckets, so
 * each uses a key prefix of its own. Resolved by {@link SharedNode}.
 */
public final class S3Store implements AutoCloseable {

    /** The buckets the shared node may name in a job; a bucket not in this list is one it must refuse. */
    public static final List<String> BUCKETS = List.of("syncf-it-a", "syncf-it-b", "syncf-it-c");

    private final S3ProxyServer server;

    private S3Store(S3ProxyServer server) {
        this.server = server;
    }

    static S3Store start() {
        S3ProxyServer server = S3ProxyServer.start();
        try {
            BUCKETS.forEach(server::createBucket);
            return new S3Store(server);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * What a node needs to use this store, in the AWS SDK's own names (issue 12), plus the
     * buckets it may use: the shared node gets this; a test that starts a node of its own
     * passes it as the node's settings, with {@code SYNCF_S3_BUCKETS} changed as it needs.
     */
    public Map<String, String> env() {
        return Map.of(
                "AWS_ENDPOINT_URL_S3", endpoint().toString(),
                "AWS_REGION", region(),
                "AWS_ACCESS_KEY_ID", accessKey(),
                "AWS_SECRET_ACCESS_KEY", secretKey(),
                "SYNCF_S3_BUCKETS", String.join(",", BUCKETS));
    }

    public URI endpoint() {
        return server.endpoint();
    }

    public String accessKey() {
        return server.accessKey();
    }

    public String secretKey() {
        return server.secretKey();
    }

    public String region() {
        return server.region();
    }

    /** A client for the test's own calls (path style, checksums only when required); closed with the store. */
    public S3Client client() {
        return server.client();
    }

    /** Makes {@code name} a bucket of this store, if it is not one yet, and returns it. */
    public String bucket(String name) {
        try {
            return server.createBucket(name);
        } catch (BucketAlreadyOwnedByYouException exists) {
            return name;
        }
    }

    /** The server itself: its data directory, log and pid, e.g. to stop it mid-job. */
    public S3ProxyServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
