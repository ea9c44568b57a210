package syncf.transfer.control;

import syncf.storage.control.Version;

/** The version of a source file a task copies: size and modification time (epoch ms) as the scan saw them. */
public record SourceVersion(long size, long modifiedAt) {

    public SourceVersion {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }

    /** As the storage compares versions. */
    Version version() {
        return Version.of(size, modifiedAt);
    }
}
