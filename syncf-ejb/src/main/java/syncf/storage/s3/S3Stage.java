package syncf.storage.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import software.amazon.awssdk.core.sync.RequestBody;
import syncf.storage.control.Location;
import syncf.storage.control.StagedWrite;

/**
 * What the two S3 stages share: a target, bytes sent from memory, and no stage to read back or
 * force (a part is durable once the store answered it). {@link S3Put} sends one PutObject,
 * {@link S3Upload} a multipart upload.
 */
abstract sealed class S3Stage implements StagedWrite permits S3Put, S3Upload {

    protected final S3Location target;
    /** The source's modification time, written as the metadata {@code mtime}. */
    protected final long modifiedAt;

    S3Stage(S3Location target, long modifiedAt) {
        this.target = target;
        this.modifiedAt = modifiedAt;
    }

    @Override
    public final Location target() {
        return target;
    }

    /** An unfinished upload's parts cannot be read (Capabilities.readableStage is false). */
    @Override
    public final int read(ByteBuffer into, long position) throws IOException {
        throw new IOException("an S3 stage cannot be read back");
    }

    /** What is sent is durable once the store answered: nothing to force. */
    @Override
    public final void force() {
        // see above
    }

    /** The first {@code length} bytes of {@code bytes} as a request body, to be read again if the SDK retries. */
    static RequestBody body(byte[] bytes, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                "application/octet-stream");
    }

    /** An in-order write within {@code size}, after {@code written} bytes; anything else is the copier's bug. */
    static void requireInOrder(ByteBuffer from, long position, long written, long size) throws IOException {
        if (position != written || position + from.remaining() > size) {
            throw new IOException("an S3 stage is written in order, within its size: " + from.remaining()
                    + " bytes at " + position + " after " + written + " of " + size);
        }
    }
}
