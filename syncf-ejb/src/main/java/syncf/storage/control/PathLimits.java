package syncf.storage.control;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What Linux allows in a path, in bytes: a name at most {@value #NAME_MAX_BYTES} (NAME_MAX on
 * ext4, XFS, Btrfs, tmpfs), a whole path handed to the kernel at most {@value #PATH_MAX_BYTES}
 * (PATH_MAX is 4096 with the terminating NUL). A path past that cannot even be opened: the
 * kernel answers ENAMETOOLONG, so SyncF says so per file instead of retrying.
 */
public final class PathLimits {

    public static final int NAME_MAX_BYTES = 255;
    public static final int PATH_MAX_BYTES = 4095;

    private PathLimits() {
    }

    /**
     * The bytes the JVM hands the kernel for this path. {@code ./syncf} runs the JVM in a UTF-8
     * locale, so that is the path's UTF-8 form (names that are not UTF-8 never get this far:
     * the scan skips them).
     */
    public static int bytes(Path path) {
        return bytes(path.toString());
    }

    public static int bytes(String path) {
        return path.getBytes(StandardCharsets.UTF_8).length;
    }

    public static boolean fits(Path path) {
        return bytes(path) <= PATH_MAX_BYTES;
    }
}
