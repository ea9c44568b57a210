package syncf.storage.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HexFormat;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import syncf.storage.control.StorageFailure;
import syncf.storage.s3.S3Errors.Side;

/**
 * The stage of an object that fits one part: its bytes in memory until {@link #commit} sends
 * them in one PutObject, with {@code x-amz-checksum-sha256} (the server refuses bytes that do
 * not match it, and keeps it) and the metadata {@code mtime} and {@code sha256}. Nothing is on
 * the server before that, so nothing survives a close: a resume starts over, at most one part.
 */
final class S3Put extends S3Stage {

    private final S3Client client;
    private final byte[] bytes;
    private int written;

    S3Put(S3Client client, S3Location target, long size, long modifiedAt) {
        super(target, modifiedAt);
        this.client = client;
        this.bytes = new byte[Math.toIntExact(size)];
    }

    /** Nothing is on the server before the commit: nothing to take up again. */
    @Override
    public String resumeState() {
        return null;
    }

    /** What a resume finds: nothing, the bytes were only in memory. */
    @Override
    public long staged() {
        return 0;
    }

    @Override
    public void truncate(long size) {
        written = (int) Math.min(written, size);
    }

    @Override
    public void write(ByteBuffer from, long position) throws IOException {
        requireInOrder(from, position, written, bytes.length);
        int length = from.remaining();
        from.get(bytes, written, length);
        written += length;
    }

    @Override
    public void commit(String sha256) throws IOException {
        if (written != bytes.length) {
            throw new IOException("staged " + written + " of " + bytes.length + " bytes");
        }
        try {
            String checksum = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256));
            client.putObject(r -> r.bucket(target.bucket()).key(target.key()).contentLength((long) written)
                    .checksumSHA256(checksum).metadata(S3Metadata.of(modifiedAt, sha256)), body(bytes, written));
        } catch (SdkException e) {
            throw S3Errors.of(e, Side.SINK, target);
        } catch (IllegalArgumentException e) {
            throw new StorageFailure("cannot write the sink: the SHA-256 is not hex", null);
        }
    }

    @Override
    public void abort() {
        written = 0;
    }

    @Override
    public void close() {
        // the bytes go with this object
    }
}
