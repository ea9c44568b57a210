package syncf.scan.control;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
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
import syncf.storage.control.BaseDirectory;
import syncf.storage.control.ConfinedPath;
import syncf.storage.control.IoErrorMessage;
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
    BaseDirectory base;

    @Inject
    JobService jobs;

    public record Outcome(int tasksCreated, int directories, boolean stopped, String error) {
    }

    public Outcome scan(UUID jobId) {
        Job job = jobs.find(jobId);
        if (job.status() != JobStatus.RUNNING) {
            return new Outcome(0, 0, true, null);
        }
        Outcome outcome;
        try {
            // a job with no failed task (the common case) spares every batch the look-up of failed tasks
            outcome = walk(jobId, base.confine("source_path", job.sourcePath()).location(), known.hasFailedTasks(jobId));
        } catch (InvalidInput | IOException e) {
            // an IOException's message is an absolute path, which would disclose the base
            String reason = e instanceof IOException io ? IoErrorMessage.reason(io) : e.getMessage();
            outcome = new Outcome(0, 0, false, "cannot read source_path \"" + job.sourcePath() + "\": " + reason);
            LOG.log(WARNING, "Scan of job {0}: {1}", jobId, outcome.error());
        }
        if (!outcome.stopped()) {
            known.scanned(jobId, outcome.error());
            LOG.log(outcome.tasksCreated() > 0 ? INFO : DEBUG, "Scanned job {0}: {1} directories, {2} new tasks",
                    jobId, outcome.directories(), outcome.tasksCreated());
        }
        return outcome;
    }

    private Outcome walk(UUID jobId, Path source, boolean retakes) throws IOException {
        BasicFileAttributes top = Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (top.isRegularFile()) {
            int created = record(jobId, "", List.of(FoundEntry.file(source.getFileName().toString(), top.size(),
                    top.lastModifiedTime().toMillis())), retakes);
            return new Outcome(Math.max(created, 0), 0, created < 0, null);
        }
        int created = 0;
        int directories = 0;
        Unreadable unreadable = new Unreadable();
        Deque<String> pending = new ArrayDeque<>();
        pending.push("");
        while (!pending.isEmpty()) {
            String dir = pending.pop();
            directories++;
            List<FoundEntry> files = new ArrayList<>();
            Path here = dir.isEmpty() ? source : source.resolve(dir);
            boolean empty = true;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(here)) {
                for (Path entry : entries) {
                    empty = false;
                    String name = entry.getFileName().toString();
                    String unfit = EntryNames.reasonToSkip(entry);
                    BasicFileAttributes attributes = unfit != null && entries instanceof SecureDirectoryStream<Path> open
                            ? attributesInOrNull(open, entry) : attributesOrNull(entry);
                    if (unfit != null) {
                        // a name SyncF cannot carry: a skipped task says so, where a user looks
                        unfitEntry(entry, attributes, unfit).ifPresent(files::add);
                    } else if (attributes == null) {
                        continue;
                    } else if (attributes.isDirectory()) {
                        pending.push(dir.isEmpty() ? name : dir + "/" + name);
                    } else if (attributes.isRegularFile()) {
                        files.add(FoundEntry.file(name, attributes.size(), attributes.lastModifiedTime().toMillis()));
                    } else if (attributes.isSymbolicLink()) {
                        symlink(dir, entry, attributes).ifPresent(files::add);
                    }
                    if (files.size() == BATCH) {
                        int batch = record(jobId, dir, files, retakes);
                        if (batch < 0) {
                            return new Outcome(created, directories, true, null);
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
                files.add(FoundEntry.emptyDirectory(dir.substring(slash + 1), Files.getLastModifiedTime(here,
                        LinkOption.NOFOLLOW_LINKS).toMillis()));
                int batch = record(jobId, slash < 0 ? "" : dir.substring(0, slash), files, retakes);
                if (batch < 0) {
                    return new Outcome(created, directories, true, null);
                }
                created += batch;
                continue;
            }
            int batch = record(jobId, dir, files, retakes);
            if (batch < 0) {
                return new Outcome(created, directories, true, null);
            }
            created += batch;
        }
        return new Outcome(created, directories, false, unreadable.message());
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
     * The entry's attributes read relative to its open directory ({@code fstatat}), which works
     * even when the entry's path is too long to be used; null as {@link #attributesOrNull}.
     */
    private static BasicFileAttributes attributesInOrNull(SecureDirectoryStream<Path> dir, Path entry) {
        try {
            return dir.getFileAttributeView(entry.getFileName(), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (IOException e) {
            LOG.log(DEBUG, "Scan skips {0}: {1}", entry.getFileName(), e.toString());
            return null;
        }
    }

    /** Null when the entry vanished or cannot be read between listing and reading: the next scan sees it again. */
    private static BasicFileAttributes attributesOrNull(Path entry) {
        try {
            return Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            LOG.log(DEBUG, "Scan skips {0}: {1}", entry.getFileName(), e.toString());
            return null;
        }
    }

    /**
     * An entry whose name or path SyncF cannot carry, as a skipped entry of its kind (a file when
     * it cannot even be read); empty for what a scan leaves out anyway (sockets, pipes, devices).
     */
    private static Optional<FoundEntry> unfitEntry(Path entry, BasicFileAttributes attributes, String reason) {
        String name = EntryNames.displayName(entry);
        if (attributes == null) {
            return Optional.of(FoundEntry.skipped(name, EntryKind.FILE, 0, 0, reason));
        }
        long modifiedAt = attributes.lastModifiedTime().toMillis();
        if (attributes.isDirectory()) {
            return Optional.of(FoundEntry.skipped(name, EntryKind.DIRECTORY, 0, modifiedAt,
                    reason + "; nothing under this directory is copied"));
        } else if (attributes.isRegularFile()) {
            return Optional.of(FoundEntry.skipped(name, EntryKind.FILE, attributes.size(), modifiedAt, reason));
        } else if (attributes.isSymbolicLink()) {
            return Optional.of(FoundEntry.skipped(name, EntryKind.SYMLINK, attributes.size(), modifiedAt, reason));
        }
        return Optional.empty();
    }

    /** The link as it is, with the reason it is not copied if it leads out of the source; empty if it vanished. */
    private static Optional<FoundEntry> symlink(String dir, Path entry, BasicFileAttributes attributes) {
        try {
            Path read = Files.readSymbolicLink(entry);
            String target = EntryNames.displayTarget(read);
            String skip = target.equals(read.toString()) ? SymlinkPolicy.reasonToSkip(dir, target)
                    : "symbolic link target is not valid UTF-8 (shown with each byte that is not as \\xNN); SyncF keeps"
                            + " link targets as UTF-8 text, so it cannot recreate this one byte for byte";
            return Optional.of(FoundEntry.symlink(entry.getFileName().toString(), attributes.size(),
                    attributes.lastModifiedTime().toMillis(), target, skip));
        } catch (IOException e) {
            LOG.log(DEBUG, "Scan skips {0}: {1}", entry.getFileName(), e.toString());
            return Optional.empty();
        }
    }
}
