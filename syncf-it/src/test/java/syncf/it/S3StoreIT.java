package syncf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/** The run's S3 store beside the shared node: its buckets exist, and the node is up beside it. */
@ExtendWith(SharedNode.class)
class S3StoreIT {

    @Test
    void theNodesBucketsExistAndTakeObjects(S3Store s3, Node node) {
        var buckets = s3.client().listBuckets().buckets().stream().map(b -> b.name()).toList();
        assertTrue(buckets.containsAll(S3Store.BUCKETS), buckets::toString);
        assertEquals(String.join(",", S3Store.BUCKETS), s3.env().get("SYNCF_S3_BUCKETS"));
        assertEquals(s3.endpoint().toString(), s3.env().get("AWS_ENDPOINT_URL_S3"));

        String bucket = s3.bucket("syncf-it-s3store");
        assertEquals(bucket, s3.bucket(bucket), "making a bucket twice is no error");
        s3.client().putObject(r -> r.bucket(bucket).key("S3StoreIT/one"), RequestBody.fromString("1"));
        assertEquals(1, s3.client().listObjectsV2(r -> r.bucket(bucket).prefix("S3StoreIT/")).keyCount());
        assertTrue(node.isAlive());
    }

    /** Read from the node process's own environment (it is the java that {@code ./syncf} execs). */
    @Test
    void theNodeGetsTheStoreAndNoneOfTheCallersAwsSettings(S3Store s3, Node node) throws IOException {
        String[] entries = new String(Files.readAllBytes(Path.of("/proc", Long.toString(node.pid()), "environ")),
                StandardCharsets.UTF_8).split("\0");
        Map<String, String> aws = Arrays.stream(entries).filter(e -> e.startsWith("AWS_") || e.startsWith("SYNCF_S3_"))
                .map(e -> e.split("=", 2)).collect(Collectors.toMap(e -> e[0], e -> e[1], (a, b) -> b, TreeMap::new));
        for (var expected : s3.env().entrySet()) {
            assertEquals(expected.getValue(), aws.get(expected.getKey()), expected.getKey());
        }
        assertEquals(Set.of("AWS_ENDPOINT_URL_S3", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                "SYNCF_S3_BUCKETS", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_EC2_METADATA_DISABLED"),
                aws.keySet(), aws::toString);
        assertTrue(Files.notExists(Path.of(aws.get("AWS_CONFIG_FILE"))), "no AWS config file of the caller's");
    }
}
