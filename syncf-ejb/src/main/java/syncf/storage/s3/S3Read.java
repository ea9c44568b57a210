package syncf.storage.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import syncf.storage.control.Entry;
import syncf.storage.control.SourceChanged;
import syncf.storage.control.Version;
import syncf.storage.control.VersionedRead;
import syncf.storage.s3.S3Errors.Side;

/**
 * Ranged reads of the one object version {@link S3Storage#open} saw: every GET carries
 * {@code Range: bytes=a-b} and {@code If-Match} with that ETag, so a replaced object answers
 * 412 ({@link SourceChanged}) instead of bytes of another version.
 */
final class S3Read implements VersionedRead {

    private final S3Storage storage;
    private final S3Client client;
    private final S3Location at;
    private final Version expected;
    private final Version opened;
    private final long modifiedAt;

    S3Read(S3Storage storage, S3Client client, S3Location at, Version expected, Version opened, long modifiedAt) {
        this.storage = storage;
        this.client = client;
        this.at = at;
        this.expected = expected;
        this.opened = opened;
        this.modifiedAt = modifiedAt;
    }

    @Override
    public int read(ByteBuffer into, long position) throws IOException {
        int start = into.position();
        long end = Math.min(position + into.remaining(), opened.size());
        if (position < end) {
            String range = "bytes=" + position + "-" + (end - 1);
            try (ResponseInputStream<GetObjectResponse> in = client.getObject(
                    r -> r.bucket(at.bucket()).key(at.key()).range(range).ifMatch(opened.tag()))) {
                // a response stream may hand out the range in several reads: read all of it
                ReadableByteChannel channel = Channels.newChannel(in);
                int wanted = (int) (end - position);
                into.limit(start + wanted); // a server that ignored the range sends more: never past it
                while (into.position() - start < wanted && channel.read(into) >= 0) {
                    // until the range is in or the stream ends
                }
            } catch (SdkException e) {
                throw S3Errors.of(e, Side.SOURCE, at);
            }
        }
        into.flip();
        return into.limit() - start;
    }

    @Override
    public long modifiedAt() {
        return modifiedAt;
    }

    @Override
    public void requireUnchanged() throws IOException {
        Optional<Entry> now = storage.stat(at);
        expected.requireIn(now);
        if (!opened.tag().equals(now.get().version().tag())) {
            throw new SourceChanged("source changed during the copy: its ETag is no longer the one the copy began with");
        }
    }

    @Override
    public void close() {
        // nothing held between reads: each range is its own request
    }
}
