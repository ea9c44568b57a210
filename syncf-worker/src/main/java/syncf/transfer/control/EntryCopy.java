package syncf.transfer.control;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import syncf.storage.control.Entry;
import syncf.storage.control.SourceChanged;
import syncf.storage.control.Storage;

/**
 * The entries that carry no bytes: an empty directory and a symbolic link. Each is checked
 * against the source version its task was for, and a link appears at the sink in one atomic
 * step ({@link Storage#link}), like a file: never half made, replacing an older link whole.
 */
final class EntryCopy {

    private EntryCopy() {
    }

    /** Creates the directory (and its parents) with the source directory's modification time. */
    static void directory(TaskLocations at, long modifiedAt) throws IOException {
        Optional<Entry> now = at.from().stat(at.source());
        if (now.isEmpty()) {
            throw new SourceChanged("source directory was deleted");
        }
        if (now.get().type() != Entry.Type.DIRECTORY) {
            throw new SourceChanged("source is no longer a directory");
        }
        at.to().makeDirectory(at.target(), modifiedAt);
    }

    /**
     * Recreates the link with the target it had when scanned, which the scan found to stay
     * inside the source; the link is never followed, here or at the source.
     */
    static void symlink(TaskLocations at, String linkTarget) throws IOException {
        Optional<String> now;
        try {
            now = at.from().readLink(at.source());
        } catch (NoSuchFileException e) {
            throw new SourceChanged("source link was deleted");
        }
        if (now.isEmpty()) {
            throw new SourceChanged("source is no longer a symbolic link");
        }
        if (!now.get().equals(linkTarget)) {
            throw new SourceChanged("source link now points to \"" + now.get() + "\", not \"" + linkTarget + "\"");
        }
        at.to().link(at.target(), linkTarget);
    }
}
