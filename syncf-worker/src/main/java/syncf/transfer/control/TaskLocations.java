package syncf.transfer.control;

import java.io.IOException;
import java.util.Optional;
import syncf.storage.control.Entry;
import syncf.storage.control.Location;
import syncf.storage.control.Storage;
import syncf.task.control.Claim;

/**
 * Where one task reads and writes, resolved and confined once per attempt: the source entry
 * (the job's source itself when it is a single file) and the target at the sink. A link is a
 * location of its own, never followed; a directory's target is the directory to make.
 *
 * @throws syncf.error.InvalidInput (from {@link #of}) when a path leaves the storage's root
 */
record TaskLocations(Location source, Location target) {

    static final String SOURCE = "source_path";
    static final String SINK = "sink_path";

    static TaskLocations of(Storage storage, Claim claim) {
        String entry = claim.sourcePath() + "/" + claim.filePath();
        String sink = claim.sinkPath() + "/" + claim.filePath();
        return switch (claim.kind()) {
            case FILE -> {
                Location root = storage.locate(SOURCE, claim.sourcePath());
                yield new TaskLocations(isFile(storage, root) ? root : storage.locate(SOURCE, entry),
                        storage.locate(SINK, sink));
            }
            case DIRECTORY -> new TaskLocations(storage.locateEntry(SOURCE, entry), storage.locate(SINK, sink));
            case SYMLINK -> new TaskLocations(storage.locateEntry(SOURCE, entry), storage.locateEntry(SINK, sink));
        };
    }

    /** A job whose source is one file: its tasks' file path is that file's name. */
    private static boolean isFile(Storage storage, Location root) {
        try {
            Optional<Entry> entry = storage.stat(root);
            return entry.isPresent() && entry.get().type() == Entry.Type.FILE;
        } catch (IOException e) {
            return false; // then the task's own path is used, and fails where the user can read why
        }
    }
}
