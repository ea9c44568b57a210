package syncf.transfer.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** The version of a source file a task copies: size and modification time (epoch ms) as the scan saw them. */
public record SourceVersion(long size, long modifiedAt) {

    public SourceVersion {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }

    /** Throws {@link SourceChanged} unless {@code source} is still a regular file of this version. */
    void requireOf(Path source) throws IOException {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new SourceChanged("source was deleted");
        }
        if (!now.isRegularFile()) {
            throw new SourceChanged("source is no longer a regular file");
        }
        if (now.size() != size || now.lastModifiedTime().toMillis() != modifiedAt) {
            throw new SourceChanged("source changed during the copy: size " + size + " -> " + now.size()
                    + ", modified " + modifiedAt + " -> " + now.lastModifiedTime().toMillis());
        }
    }
}
