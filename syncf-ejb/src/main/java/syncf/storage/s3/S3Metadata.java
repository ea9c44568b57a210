package syncf.storage.s3;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The user metadata SyncF writes on an object, in one place for every write (PUT, multipart
 * upload, server-side copy): {@code mtime} ({@link Mtime}) and {@code sha256}, the whole
 * object's SHA-256 in lower-case hex, sent as {@code x-amz-meta-mtime} and
 * {@code x-amz-meta-sha256} (the SDK lower-cases and prefixes). ASCII only: S3Proxy refuses
 * anything else. Any tool that HEADs the object reads them.
 */
final class S3Metadata {

    static final String MTIME = "mtime";
    static final String SHA256 = "sha256";

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private S3Metadata() {
    }

    /** What a multipart upload carries from its creation, before its SHA-256 is known. */
    static Map<String, String> of(long modifiedAt) {
        return Map.of(MTIME, Mtime.text(modifiedAt));
    }

    static Map<String, String> of(long modifiedAt, String sha256) {
        return Map.of(MTIME, Mtime.text(modifiedAt), SHA256, sha256);
    }

    /** The SHA-256 SyncF stored with the object; empty for another tool's object (or a malformed value). */
    static Optional<String> sha256(HeadObjectResponse head) {
        return Optional.ofNullable(head.metadata().get(SHA256)).filter(hex -> SHA256_HEX.matcher(hex).matches());
    }

    /** The modification time SyncF stored when it wrote the object, else its Last-Modified. */
    static long modifiedAt(HeadObjectResponse head) {
        return Mtime.parse(head.metadata().get(MTIME)).orElse(head.lastModified().toEpochMilli());
    }
}
