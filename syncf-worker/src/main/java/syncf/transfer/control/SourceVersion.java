package syncf.transfer.control;

import syncf.storage.control.Version;

/**
 * The version of a source file a task copies, as the scan saw it: size, modification time
 * (epoch ms) and the storage's tag (S3: the ETag; null locally, and for tasks of an older
 * SyncF). With a tag, a copy reads that object only: opening another fails with
 * {@link syncf.storage.control.SourceChanged}, and every ranged read carries it as If-Match.
 */
public record SourceVersion(long size, long modifiedAt, String tag) {

    public SourceVersion {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }

    /** A version without a tag, as a local file's. */
    public SourceVersion(long size, long modifiedAt) {
        this(size, modifiedAt, null);
    }

    /** As the storage compares versions. */
    Version version() {
        return new Version(size, modifiedAt, tag);
    }
}
