package syncf.storage.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The one place that decides whether a path a user gave may be touched. Every path in the
 * API is relative to the base directory; this class rejects absolute paths, NUL bytes,
 * {@code ..} that climbs out, and any path whose real location, symbolic links resolved,
 * is not under the real base. Paths that do not exist yet (a sink) are checked through
 * their deepest existing ancestor, so a symlinked parent cannot smuggle a write outside.
 * Every storage access calls {@link #confine} again: a link swapped after a job was
 * created is caught when the path is used.
 */
public final class BaseDirectory {

    private final Path root;

    private BaseDirectory(Path root) {
        this.root = root;
    }

    /** Opens the base directory, creating it if missing, and pins its real location. */
    public static BaseDirectory open(Path base) {
        try {
            Files.createDirectories(base);
            return new BaseDirectory(base.toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use base directory " + base.toAbsolutePath(), e);
        }
    }

    public Path root() {
        return root;
    }

    /**
     * @param field the API field the path came from, named in the error
     * @param path  a path relative to the base directory
     */
    public ConfinedPath confine(String field, String path) {
        Path relative = lexicallyConfined(field, path);
        Path target = root.resolve(relative);
        Path existing = target;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        Path real = realLocation(field, existing);
        if (!real.startsWith(root)) {
            throw new PathRejected(field + " \"" + path + "\" resolves, through a symbolic link,"
                    + " to a location outside the base directory");
        }
        // what does not exist yet contains no link and no "..": it stays where its parent is
        Path location = real.resolve(existing.relativize(target));
        requireFits(field, path, location);
        return new ConfinedPath(relative.toString(), location);
    }

    /**
     * Like {@link #confine}, but a symbolic link named by the path is not followed: its parent is
     * confined, and the location is the link itself, to read or replace as a link.
     */
    public ConfinedPath confineEntry(String field, String path) {
        Path relative = lexicallyConfined(field, path);
        Path name = relative.getFileName();
        Path parent = relative.getParent();
        Path parentLocation = parent == null ? root : confine(field, parent.toString()).location();
        Path location = parentLocation.resolve(name.toString());
        requireFits(field, path, location);
        return new ConfinedPath(relative.toString(), location);
    }

    /**
     * A path the kernel would refuse (ENAMETOOLONG) is refused here, with a reason a user can act
     * on; the base directory's own length is not disclosed.
     */
    private static void requireFits(String field, String path, Path location) {
        if (!PathLimits.fits(location)) {
            throw new PathRejected(field + " \"" + path + "\" is too long: under the base directory it is longer than the "
                    + PathLimits.PATH_MAX_BYTES + " bytes Linux allows in a path (PATH_MAX)");
        }
    }

    private static Path lexicallyConfined(String field, String path) {
        if (path == null || path.isEmpty()) {
            throw new PathRejected(field + " must not be empty; give a path relative to the base directory");
        }
        if (path.indexOf('\0') >= 0) {
            throw new PathRejected(field + " must not contain NUL bytes");
        }
        if (PathLimits.bytes(path) > PathLimits.PATH_MAX_BYTES) {
            throw new PathRejected(field + " is longer than the " + PathLimits.PATH_MAX_BYTES
                    + " bytes Linux allows in a path (PATH_MAX)");
        }
        if (path.startsWith("/") || path.startsWith("\\")) {
            throw new PathRejected(field + " \"" + path + "\" is absolute; give a path relative to the base directory");
        }
        Path normalized;
        try {
            normalized = Path.of(path).normalize();
        } catch (InvalidPathException e) {
            throw new PathRejected(field + " \"" + path + "\" is not a valid path: " + e.getReason());
        }
        if (normalized.isAbsolute()) {
            throw new PathRejected(field + " \"" + path + "\" is absolute; give a path relative to the base directory");
        }
        if (normalized.startsWith("..")) {
            throw new PathRejected(field + " \"" + path + "\" climbs out of the base directory with \"..\"");
        }
        return normalized;
    }

    private static Path realLocation(String field, Path existing) {
        try {
            return existing.toRealPath();
        } catch (IOException e) {
            throw new PathRejected(field + " goes through a broken symbolic link or an unreadable directory");
        }
    }
}
