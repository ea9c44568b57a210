package syncf.scan.control;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Which symbolic links a job copies: those whose target, read relative to the link, stays
 * inside the source tree, so that the copy points to the same entry inside the sink tree.
 * Like rsync's {@code --safe-links}, an absolute target or one that climbs out of the source is
 * not copied (it would reach outside the sink, or back into the source). Links are never
 * followed: a link is copied as the link it is, whatever it points to now.
 */
final class SymlinkPolicy {

    private SymlinkPolicy() {
    }

    /**
     * @param dirPath the link's directory relative to the source, {@code ""} for the source itself
     * @return why the link is not copied, or null when it is
     */
    static String reasonToSkip(String dirPath, String target) {
        Path path;
        try {
            path = Path.of(target);
        } catch (InvalidPathException e) {
            return "symbolic link target \"" + target + "\" is not a valid path";
        }
        if (target.isEmpty()) {
            return "symbolic link has an empty target";
        }
        if (path.isAbsolute()) {
            return "symbolic link target \"" + target + "\" is absolute; only links that stay inside the source are copied";
        }
        if (Path.of(dirPath).resolve(path).normalize().startsWith("..")) {
            return "symbolic link target \"" + target + "\" leads out of the source; only links that stay inside it are copied";
        }
        return null;
    }
}
