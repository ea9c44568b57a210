package syncf.transfer.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import syncf.storage.control.PartFile;

/**
 * The entries that carry no bytes: an empty directory and a symbolic link. Each is checked
 * against the source version its task was for, and a link appears at the sink in one rename,
 * like a file: never half made, replacing an older link whole.
 */
final class EntryCopy {

    private EntryCopy() {
    }

    /** Creates the directory (and its parents) with the source directory's modification time. */
    static void directory(Path source, Path target, long modifiedAt) throws IOException {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new SourceChanged("source directory was deleted");
        }
        if (!now.isDirectory()) {
            throw new SourceChanged("source is no longer a directory");
        }
        Files.createDirectories(target);
        Files.setLastModifiedTime(target, FileTime.fromMillis(modifiedAt));
    }

    /**
     * Recreates the link with the target it had when scanned, which the scan found to stay
     * inside the source; the link is never followed, here or at the source.
     */
    static void symlink(Path source, Path target, String linkTarget) throws IOException {
        String now;
        try {
            now = Files.readSymbolicLink(source).toString();
        } catch (NoSuchFileException e) {
            throw new SourceChanged("source link was deleted");
        } catch (NotLinkException e) {
            throw new SourceChanged("source is no longer a symbolic link");
        }
        if (!now.equals(linkTarget)) {
            throw new SourceChanged("source link now points to \"" + now + "\", not \"" + linkTarget + "\"");
        }
        Files.createDirectories(target.getParent());
        Path part = PartFile.of(target);
        Files.deleteIfExists(part);
        Files.createSymbolicLink(part, Path.of(linkTarget));
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
