package syncf.storage.control;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * What a user reads in a task's {@code last_error} or a job's {@code last_scan_error} when the
 * filesystem refused something: the operating system's reason ("no space left on device",
 * "permission denied") and which side it hit, never a Java class name and never an absolute
 * path (which would disclose the base directory). The JDK's {@code toString()} of these
 * exceptions is both: {@code java.nio.file.AccessDeniedException: /srv/data/docs/x}.
 */
public final class IoErrorMessage {

    /** Errors that only a write can meet: whatever the exception names, the sink is full or read-only. */
    private static final Set<String> WRITE_ONLY = Set.of("no space left on device", "disk quota exceeded",
            "read-only file system", "file too large");

    private IoErrorMessage() {
    }

    /** The reason alone, e.g. {@code "permission denied"}. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        } else if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        } else if (e instanceof FileAlreadyExistsException) {
            return "file exists";
        } else if (e instanceof NotDirectoryException) {
            return "not a directory";
        } else if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        } else if (e instanceof FileSystemLoopException) {
            return "too many levels of symbolic links";
        } else if (e instanceof FileSystemException fs) {
            // getMessage() would add the file's absolute path; the reason is strerror()'s text
            return fs.getReason() == null ? "input/output error" : sentence(fs.getReason());
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? "input/output error" : sentence(e.getMessage());
    }

    /**
     * The reason with the side it hit: {@code "cannot write the sink: no space left on device"},
     * {@code "cannot read the source: permission denied"}, or {@code "I/O error: ..."} when the
     * side is unknown.
     *
     * @param source the job's source location, or null
     * @param sink the job's sink location, or null
     */
    public static String of(IOException e, Path source, Path sink) {
        if (e instanceof StorageFailure described) {
            return described.getMessage();
        }
        String reason = reason(e);
        String file = e instanceof FileSystemException fs ? fs.getFile() : null;
        if (WRITE_ONLY.contains(reason) || under(file, sink)) {
            return "cannot write the sink: " + reason;
        } else if (under(file, source)) {
            return "cannot read the source: " + reason;
        }
        return "I/O error: " + reason;
    }

    private static boolean under(String file, Path root) {
        if (file == null || root == null) {
            return false;
        }
        try {
            return Path.of(file).startsWith(root);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** "No space left on device" reads "no space left on device" after a colon; "I/O error" stays. */
    private static String sentence(String text) {
        String trimmed = text.strip();
        if (trimmed.length() > 1 && Character.isUpperCase(trimmed.charAt(0)) && Character.isLowerCase(trimmed.charAt(1))) {
            return trimmed.substring(0, 1).toLowerCase(Locale.ROOT) + trimmed.substring(1);
        }
        return trimmed;
    }
}
