package syncf.scan.control;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import syncf.error.InvalidInput;
import syncf.job.control.JobService;
import syncf.job.entity.Job;
import syncf.job.entity.JobStatus;
import syncf.persistence.control.PageRequest;
import syncf.storage.control.Capabilities;
import syncf.storage.control.Entry;
import syncf.storage.control.IoErrorMessage;
import syncf.storage.control.Listing;
import syncf.storage.control.Location;
import syncf.storage.control.Storage;
import syncf.storage.control.Stores;
import syncf.task.control.Dispatch;
import syncf.task.control.DispatchItem;
import syncf.task.entity.EntryKind;

/**
 * One scan of a job's source: walks the tree a directory at a time (never the whole tree in
 * memory), and hands each directory's regular files, symbolic links and empty subdirectories
 * to {@link KnownFiles}, which takes a task for each new or changed one. Links are read, never
 * followed, so a scan never leaves the source; {@link SymlinkPolicy} decides which are copied.
 * Other entries (sockets, pipes, devices) are left out. Runs outside a transaction; each batch
 * commits on its own.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SourceScan {

    private static final System.Logger LOG = System.getLogger(SourceScan.class.getName());
    /** Files per transaction; bounds both the memory of a huge directory and the work a pause waits for. */
    static final int BATCH = PageRequest.MAX_LIMIT / 2;

    @Inject
    KnownFiles known;

    @Inject
    Dispatch dispatch;

    @Inject
    Stores stores;

    @Inject
    JobService jobs;

    /**
     * What one scan did: the tasks it created, the directories and entries it listed (every file,
     * link and directory, new or known), whether a pause or kill stopped it, and the error a user
     * reads in {@code last_scan_error}.
     */
    public record Outcome(int tasksCreated, int directories, long entries, boolean stopped, String error) {
    }

    public Outcome scan(UUID jobId) {
        Job job = jobs.find(jobId);
        if (job.status() != JobStatus.RUNNING) {
            return new Outcome(0, 0, 0, true, null);
        }
        Outcome outcome;
        try {
            // a job with no failed task (the common case) spares every batch the look-up of failed tasks
            Storage storage = stores.of(job.sourceType());
            SinkKeeps keeps = new SinkKeeps(job.sinkType().apiName(), stores.of(job.sinkType()).capabilities());
            outcome = walk(jobId, storage, storage.locate("source_path", job.sourcePath()), keeps,
                    known.hasFailedTasks(jobId));
        } catch (InvalidInput | IOException e) {
            // an IOException's message is an absolute path, which would disclose the base
            String reason = e instanceof IOException io ? IoErrorMessage.reason(io) : e.getMessage();
            outcome = new Outcome(0, 0, 0, false, "cannot read source_path \"" + job.sourcePath() + "\": " + reason);
            LOG.log(WARNING, "Scan of job {0}: {1}", jobId, outcome.error());
        }
        if (!outcome.stopped()) {
            known.scanned(jobId, outcome.error());
            LOG.log(outcome.tasksCreated() > 0 ? INFO : DEBUG, "Scanned job {0}: {1} directories, {2} new tasks",
                    jobId, outcome.directories(), outcome.tasksCreated());
        }
        return outcome;
    }

    private Outcome walk(UUID jobId, Storage storage, Location source, SinkKeeps keeps, boolean retakes)
            throws IOException {
        Entry top = storage.stat(source).orElseThrow(() -> new NoSuchFileException(source.relative()));
        if (top.type() == Entry.Type.FILE) {
            int created = record(jobId, "", List.of(FoundEntry.file(top.name(), top.version().size(),
                    top.version().modifiedAt(), top.version().tag())), retakes);
            return new Outcome(Math.max(created, 0), 0, 1, created < 0, null);
        }
        int created = 0;
        int directories = 0;
        long listed = 0;
        Unreadable unreadable = new Unreadable();
        Deque<Pending> pending = new ArrayDeque<>();
        pending.push(new Pending("", source));
        while (!pending.isEmpty()) {
            Pending next = pending.pop();
            String dir = next.dir();
            directories++;
            List<FoundEntry> files = new ArrayList<>();
            boolean empty = true;
            try (Listing entries = storage.list(next.at())) {
                while (entries.hasNext()) {
                    Entry entry = entries.next();
                    listed++;
                    empty = false;
                    if (entry.unfit() != null && entry.linkTarget() == null) {
                        // a name SyncF cannot carry: a skipped task says so, where a user looks
                        unfitEntry(entry).ifPresent(files::add);
                    } else if (entry.type() == Entry.Type.DIRECTORY) {
                        pending.push(new Pending(dir.isEmpty() ? entry.name() : dir + "/" + entry.name(), entry.at()));
                    } else if (entry.type() == Entry.Type.FILE) {
                        files.add(FoundEntry.file(entry.name(), entry.version().size(), entry.version().modifiedAt(),
                                entry.version().tag()));
                    } else if (entry.type() == Entry.Type.LINK && entry.linkTarget() != null) {
                        // read, never followed; SymlinkPolicy decides whether it is copied
                        files.add(FoundEntry.symlink(entry.name(), entry.version().size(), entry.version().modifiedAt(),
                                entry.linkTarget(), entry.unfit() != null ? entry.unfit()
                                        : keeps.links() ? SymlinkPolicy.reasonToSkip(dir, entry.linkTarget())
                                        : keeps.noLinks()));
                    }
                    if (files.size() == BATCH) {
                        int batch = record(jobId, dir, files, retakes);
                        if (batch < 0) {
                            return new Outcome(created, directories, listed, true, null);
                        }
                        created += batch;
                        files.clear();
                    }
                }
            } catch (IOException e) {
                // an unreadable directory is skipped and shown in last_scan_error; the rest of the tree still
                // syncs, and every scan tries it again (so the log says it at DEBUG, not at every scan's WARNING)
                LOG.log(DEBUG, "Scan of job {0} skips directory \"{1}\": {2}", jobId, dir, e.toString());
                unreadable.add(dir, e);
                continue;
            }
            if (empty && !dir.isEmpty()) {
                // a directory with files appears at the sink with them; an empty one needs a task of its own
                int slash = dir.lastIndexOf('/');
                Entry here = storage.stat(next.at()).orElseThrow(() -> new NoSuchFileException(next.at().relative()));
                files.add(keeps.emptyDirectories()
                        ? FoundEntry.emptyDirectory(dir.substring(slash + 1), here.version().modifiedAt())
                        : FoundEntry.skipped(dir.substring(slash + 1), EntryKind.DIRECTORY, 0, here.version().modifiedAt(),
                                keeps.noEmptyDirectories()));
                int batch = record(jobId, slash < 0 ? "" : dir.substring(0, slash), files, retakes);
                if (batch < 0) {
                    return new Outcome(created, directories, listed, true, null);
                }
                created += batch;
                continue;
            }
            int batch = record(jobId, dir, files, retakes);
            if (batch < 0) {
                return new Outcome(created, directories, listed, true, null);
            }
            created += batch;
        }
        return new Outcome(created, directories, listed, false, unreadable.message());
    }

    /**
     * What the sink's storage can keep beyond files: a link or an empty directory it cannot keep
     * is a skipped entry with the reason, where a user looks, as an unsafe link is.
     */
    private record SinkKeeps(String type, Capabilities capabilities) {

        boolean links() {
            return capabilities.links();
        }

        boolean emptyDirectories() {
            return capabilities.emptyDirectories();
        }

        String noLinks() {
            return "the sink (" + type + ") keeps no symbolic links";
        }

        String noEmptyDirectories() {
            return "the sink (" + type + ") keeps no empty directories";
        }
    }

    /** A directory still to list: its path inside the source, and where it is. */
    private record Pending(String dir, Location at) {
    }

    /** The directories a scan could not list: the first by name and reason, the others counted. */
    private static final class Unreadable {
        private String first;
        private int count;

        void add(String dir, IOException e) {
            if (count++ == 0) {
                first = (dir.isEmpty() ? "cannot read the source directory: " : "cannot read directory \"" + dir
                        + "\" of the source: ") + IoErrorMessage.reason(e) + "; its entries are not synced until a scan can read it";
            }
        }

        String message() {
            return count <= 1 ? first : first + " (and " + (count - 1) + " more unreadable directories)";
        }
    }

    /** Records one batch, then publishes its new tasks; -1 when the job stopped running. */
    private int record(UUID jobId, String dir, List<FoundEntry> files, boolean retakes) {
        Optional<List<DispatchItem>> created = known.record(jobId, dir, files, retakes);
        created.filter(items -> !items.isEmpty()).ifPresent(dispatch::publishBatched);
        return created.map(List::size).orElse(-1);
    }

    /**
     * An entry whose name or path SyncF cannot carry, as a skipped entry of its kind (a file when
     * it cannot even be read); empty for what a scan leaves out anyway (sockets, pipes, devices).
     */
    private static Optional<FoundEntry> unfitEntry(Entry entry) {
        long size = entry.version().size();
        long modifiedAt = entry.version().modifiedAt();
        return switch (entry.type()) {
            case DIRECTORY -> Optional.of(FoundEntry.skipped(entry.name(), EntryKind.DIRECTORY, 0, modifiedAt,
                    entry.unfit() + "; nothing under this directory is copied"));
            case FILE -> Optional.of(FoundEntry.skipped(entry.name(), EntryKind.FILE, size, modifiedAt, entry.unfit()));
            case LINK -> Optional.of(FoundEntry.skipped(entry.name(), EntryKind.SYMLINK, size, modifiedAt, entry.unfit()));
            case OTHER -> Optional.empty();
        };
    }
}
