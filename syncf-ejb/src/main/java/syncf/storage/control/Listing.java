package syncf.storage.control;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;

/**
 * The entries of one directory (one prefix level on S3), read as they are iterated: never the
 * whole tree, nor a whole directory, in memory (locally a directory stream; on S3 pages of 1,000
 * keys with the delimiter {@code /}). Close it when done.
 */
public interface Listing extends Iterator<Entry>, Closeable {

    @Override
    void close() throws IOException;
}
