package syncf.storage.control;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One target being written where no reader sees it, until {@link #commit} publishes it whole in
 * one atomic step; {@link #abort} leaves nothing. While it is open, no other copier can stage the
 * same target ({@link Storage#stage} throws {@link TargetBusy}). Closing without commit or abort
 * keeps what was staged, for a resume (locally the part file, found again by any worker from the
 * target alone; on S3 the multipart upload, named by the checkpoint's {@link #resumeState()},
 * or found from the target alone without one).
 *
 * <p>Locally: a part file {@code .<32 hex>.syncf-part} beside the target ({@link PartFile}),
 * locked while open, written at offsets, fsynced by {@link #force} as {@link Durability} says,
 * renamed over the target by {@link #commit}. On S3: a single PUT for a small object, a
 * multipart upload otherwise (offsets on part boundaries), CompleteMultipartUpload as the commit,
 * AbortMultipartUpload as the abort.
 */
public interface StagedWrite extends Closeable {

    Location target();

    /**
     * Bytes staged so far: what a resume finds (locally, the part file's length; on S3 the whole
     * parts the store acknowledged, so less than was written while a part is still in memory).
     */
    long staged() throws IOException;

    /**
     * What another worker needs, beyond the target, to take this write up again at
     * {@link #staged()} bytes (on S3: the upload id, the part size, the finished parts), as text
     * the task's checkpoint keeps; null where the target alone leads to it (the local part file).
     */
    String resumeState();

    /**
     * Drops what was staged past {@code size}: bytes past the last committed checkpoint are not
     * trusted. A store that stages in whole parts (S3) drops a part cut in the middle whole:
     * {@link #staged()} then says where writing goes on.
     */
    void truncate(long size) throws IOException;

    /** Writes all of {@code bytes} at {@code position}. */
    void write(ByteBuffer bytes, long position) throws IOException;

    /**
     * Reads staged bytes back, as {@link VersionedRead#read}; only where
     * {@link Capabilities#readableStage()}.
     */
    int read(ByteBuffer into, long position) throws IOException;

    /** Makes the staged bytes durable, as the storage's {@link Durability} says. */
    void force() throws IOException;

    /**
     * Publishes the staged bytes as the target, whole, with the modification time the stage was
     * started with, in one atomic step (an older target is replaced whole), and lets the target
     * go. Durable only after {@link Storage#settle} (locally, the directory's fsync), which a batch
     * does once for many commits. When it throws, the stage is still open: abort or close it.
     *
     * @param sha256 the SHA-256 of the staged bytes (lower-case hex), which a store that keeps
     *               metadata stores beside them
     */
    void commit(String sha256) throws IOException;

    /**
     * As {@link #commit(String)}, telling {@code going} between the steps of a commit that takes
     * long (on S3, after each part of a large object's copy onto itself that adds its SHA-256),
     * so the copier can show it is still at work (the worker renews its task's lease there).
     */
    default void commit(String sha256, Runnable going) throws IOException {
        commit(sha256);
    }

    /** Removes what was staged and lets the target go; never throws. */
    void abort();
}
