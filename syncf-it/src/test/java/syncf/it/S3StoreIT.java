package syncf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
