package syncf.scan.control;

import java.util.Objects;
import syncf.task.entity.EntryKind;

/**
 * An entry a scan found and may take a task for: its name in its directory, kind, size and
 * modification time in epoch milliseconds, and the storage's tag of the version (S3: the ETag;
 * null locally and for anything but a file); for a symbolic link its target as written, and
 * the reason it is not copied, if it is not.
 */
public record FoundEntry(String name, EntryKind kind, long size, long modifiedAt, String tag, String linkTarget,
        String skipReason) {

    public FoundEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    /** A regular file, of a version the storage may tag ({@code tag} null where it does not). */
    public static FoundEntry file(String name, long size, long modifiedAt, String tag) {
        return new FoundEntry(name, EntryKind.FILE, size, modifiedAt, tag, null, null);
    }

    /** An empty directory: only its existence is synced, so its size and time do not make it a new version. */
    public static FoundEntry emptyDirectory(String name, long modifiedAt) {
        return new FoundEntry(name, EntryKind.DIRECTORY, 0, modifiedAt, null, null, null);
    }

    public static FoundEntry symlink(String name, long size, long modifiedAt, String target, String skipReason) {
        return new FoundEntry(name, EntryKind.SYMLINK, size, modifiedAt, null, Objects.requireNonNull(target, "target"),
                skipReason);
    }

    /** An entry the scan will not copy, of any kind, with the reason a user reads. */
    public static FoundEntry skipped(String name, EntryKind kind, long size, long modifiedAt, String reason) {
        return new FoundEntry(name, kind, size, modifiedAt, null, null, Objects.requireNonNull(reason, "reason"));
    }

    public boolean skipped() {
        return skipReason != null;
    }
}
