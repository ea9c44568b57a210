package syncf.transfer.control;

import java.io.IOException;
import syncf.storage.control.Location;
import syncf.storage.control.SourceChanged;
import syncf.storage.control.Storage;
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

    /** Throws {@link SourceChanged} unless {@code source} is still a regular file of this version. */
    void requireOf(Storage storage, Location source) throws IOException {
        version().requireIn(storage.stat(source));
    }
}
