package syncf.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The test server itself: real S3 calls, real signatures, checked checksums. */
@ExtendWith(SharedS3Proxy.class)
class S3ProxyServerTest {

    @Test
    void putGetAndListAnObjectWithItsSha256(S3ProxyServer s3) throws Exception {
        S3Client client = s3.client();
        String bucket = s3.createBucket("s3proxy-server-test");
        byte[] body = "a file named with a space, a + and a %\n".getBytes(StandardCharsets.UTF_8);
        String sha256 = sha256(body);

        PutObjectResponse put = client.putObject(r -> r.bucket(bucket).key("dir/a b+c%.txt").checksumSHA256(sha256),
                RequestBody.fromBytes(body));
        assertEquals(sha256, put.checksumSHA256(), "the server checked and echoed the checksum");

        ResponseBytes<GetObjectResponse> got = client.getObjectAsBytes(
                r -> r.bucket(bucket).key("dir/a b+c%.txt").checksumMode(ChecksumMode.ENABLED));
        assertArrayEquals(body, got.asByteArray());
        assertEquals(sha256, got.response().checksumSHA256(), "stored with the object");

        var listed = client.listObjectsV2(r -> r.bucket(bucket).prefix("dir/")).contents();
        assertEquals(1, listed.size(), listed::toString);
        S3Object object = listed.get(0);
        assertEquals("dir/a b+c%.txt", object.key());
        assertEquals(body.length, object.size());
        assertEquals(put.eTag(), object.eTag());
        assertTrue(Files.isDirectory(s3.dataDirectory().resolve(bucket)), "a bucket is a directory of this server's own");
    }

    @Test
    void refusesAWrongChecksumAndAWrongSignature(S3ProxyServer s3) throws NoSuchAlgorithmException {
        String bucket = s3.createBucket("s3proxy-server-test-refusals");
        String wrong = sha256(new byte[] {2});
        S3Exception badDigest = assertThrows(S3Exception.class, () -> s3.client().putObject(
                r -> r.bucket(bucket).key("k").checksumSHA256(wrong), RequestBody.fromBytes(new byte[] {1})));
        assertEquals(400, badDigest.statusCode(), badDigest::toString);

        try (S3Client stranger = S3Client.builder().endpointOverride(s3.endpoint()).region(Region.of(s3.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), "wrong")))
                .build()) {
            S3Exception refused = assertThrows(S3Exception.class, () -> stranger.listObjectsV2(r -> r.bucket(bucket)));
            assertEquals(403, refused.statusCode(), refused::toString);
        }
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
