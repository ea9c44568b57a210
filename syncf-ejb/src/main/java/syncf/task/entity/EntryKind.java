package syncf.task.entity;

import java.util.Locale;

/** What a task puts at the sink: a file's bytes, an (empty) directory, or a symbolic link as written. */
public enum EntryKind {
    FILE, DIRECTORY, SYMLINK;

    /** The name the API shows, e.g. {@code "symlink"}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
