package syncf.transfer.control;

import java.io.IOException;
import java.util.Optional;
import syncf.storage.control.Entry;
import syncf.storage.control.Location;
import syncf.storage.control.Storage;
import syncf.storage.control.Stores;
import syncf.storage.control.TargetBusy;
import syncf.task.control.Claim;

/**
 * Where one task reads and writes, resolved and confined once per attempt: the source entry
 * (the job's source itself when it is a single file) in the source's storage, and the target at
 * the sink in the sink's storage. A link is a location of its own, never followed; a directory's
 * target is the directory to make.
 *
 * @throws syncf.error.InvalidInput (from {@link #of}) when a path leaves the storage's root, or
 *                                  a storage is not configured here
 */
record TaskLocations(Storage from, Location source, Storage to, Location target) {

    static final String SOURCE = "source_path";
    static final String SINK = "sink_path";

    static TaskLocations of(Stores stores, Claim claim) {
        Storage from = stores.of(claim.sourceType());
        Storage to = stores.of(claim.sinkType());
        String entry = claim.sourcePath() + "/" + claim.filePath();
        String sink = claim.sinkPath() + "/" + claim.filePath();
        return switch (claim.kind()) {
            case FILE -> {
                Location root = from.locate(SOURCE, claim.sourcePath());
                yield new TaskLocations(from, isFile(from, root) ? root : from.locate(SOURCE, entry), to,
                        to.locate(SINK, sink));
            }
            case DIRECTORY -> new TaskLocations(from, from.locateEntry(SOURCE, entry), to, to.locate(SINK, sink));
            case SYMLINK -> new TaskLocations(from, from.locateEntry(SOURCE, entry), to, to.locateEntry(SINK, sink));
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

    /**
     * The source changed before an attempt could start: what this task staged is of the old
     * version, and goes. Only this task's own stage: locally the part file, unless another copier
     * holds it (its lock); on S3, which has no lock, exactly the upload the task's checkpoint
     * names ({@code stageState}), never another of the same key, which may be a newer task's
     * copier writing right now. An upload no checkpoint names is left to the sweep.
     *
     * @param stageState the stage state of the task's last checkpoint, or null
     */
    void abortStaleStage(SourceVersion expected, String stageState) throws IOException {
        try {
            to.stage(target, expected.size(), expected.modifiedAt(), stageState).abort();
        } catch (TargetBusy busy) {
            // the holder is a newer task's copier: what is staged is its own
        }
    }

    /** Throws {@link syncf.storage.control.SourceChanged} unless the source is still a regular file of this version. */
    void requireSourceOf(SourceVersion expected) throws IOException {
        expected.version().requireIn(from.stat(source));
    }
}
