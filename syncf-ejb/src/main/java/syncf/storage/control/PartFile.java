package syncf.storage.control;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where an entry collects until it is whole: a hidden file named after a hash of the target's
 * absolute path, {@code .<32 hex digits>.syncf-part}, beside the target, so that the final
 * rename stays on one filesystem and atomic.
 *
 * <ul>
 * <li>Its name is always {@value #NAME_BYTES} bytes, whatever the target's name: a name at the
 * filesystem's limit (255 bytes, ASCII or multibyte) still has a part file, which a name built
 * from the target's ({@code .NAME.syncf-part}, 17 bytes longer) did not.</li>
 * <li>It depends only on the target, so every copier of one target, on any worker and for any
 * task (a resume, a duplicate delivery, the task of a newer version), finds the same part file,
 * and its lock lets one write at a time; the master's clean-up of a killed job finds it the
 * same way.</li>
 * <li>It cannot be a user's file: matching it takes a SHA-256 preimage (128 bits of it). A
 * source tree that holds another copy's part files (a sink synced on) brings them as ordinary
 * names; they hash to other names at the new sink, whose path differs.</li>
 * <li>When the target's directory is so deep that the part file's path would pass PATH_MAX
 * (a short name in a directory within {@value #NAME_BYTES} bytes of it), the part file moves up
 * to the deepest ancestor where it fits; the rename is still one call, on the same
 * filesystem unless a mount point lies in between.</li>
 * </ul>
 */
public final class PartFile {

    public static final String SUFFIX = ".syncf-part";
    /** 16 of SHA-256's 32 bytes: collisions are out of reach, and the name stays short. */
    private static final int HASH_BYTES = 16;
    public static final int NAME_BYTES = 1 + 2 * HASH_BYTES + SUFFIX.length();

    private PartFile() {
    }

    public static Path of(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        String name = nameFor(absolute);
        Path directory = absolute.getParent();
        while (PathLimits.bytes(directory) + 1 + NAME_BYTES > PathLimits.PATH_MAX_BYTES
                && directory.getParent() != null) {
            directory = directory.getParent();
        }
        return directory.resolve(name);
    }

    private static String nameFor(Path absolute) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(absolute.toString().getBytes(StandardCharsets.UTF_8));
            return "." + HexFormat.of().formatHex(hash, 0, HASH_BYTES) + SUFFIX;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
