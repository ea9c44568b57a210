package syncf.storage.control;

import java.nio.file.Path;

/**
 * A user's path after confinement: {@code relative} is what the job stores and shows (lexically
 * normalised, never starting with {@code ..}), {@code location} is where it really is on disk,
 * symbolic links of the existing part resolved, always under the real base directory. The
 * local backend's {@link Location}.
 */
public record ConfinedPath(String relative, Path location) implements Location {
}
