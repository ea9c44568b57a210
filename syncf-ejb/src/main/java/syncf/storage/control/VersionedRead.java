package syncf.storage.control;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Ranged reads of one version of an object ({@link Storage#open}): every read fails with
 * {@link SourceChanged} once the object is no longer that version, so bytes of two versions
 * never mix in one copy. Locally each read is checked against the file's size and modification
 * time; on S3 each ranged GET will carry {@code If-Match} with the ETag (412: changed).
 */
public interface VersionedRead extends Closeable {

    /**
     * Fills {@code into} from {@code position} on, up to its remaining space or the object's end;
     * flipped for reading.
     *
     * @return the bytes read; fewer than asked only at the object's end
     */
    int read(ByteBuffer into, long position) throws IOException;

    /**
     * The modification time a copy of this object keeps (epoch ms): locally the file's; on S3 the
     * modification time SyncF stored as metadata when it wrote the object, else its Last-Modified.
     */
    long modifiedAt();

    /** Throws {@link SourceChanged} unless the object is still the version it was opened for. */
    void requireUnchanged() throws IOException;
}
