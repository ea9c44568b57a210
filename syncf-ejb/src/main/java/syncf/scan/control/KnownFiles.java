package syncf.scan.control;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import syncf.job.entity.Job;
import syncf.job.entity.JobStatus;
import syncf.scan.entity.KnownFile;
import syncf.task.control.DispatchItem;
import syncf.task.entity.Task;

/**
 * Compares what a scan found in one directory with what the job already knows, and takes a
 * task for each new or changed entry, in a transaction of its own: a long scan commits as it
 * goes, and a pause or kill stops it at the next batch. An entry the scan will not copy (a link
 * that leads out, a name that is not UTF-8, a path past PATH_MAX) gets a task that is
 * {@code skipped} from the start, so tracking says why it is missing.
 *
 * <p>An entry found unchanged whose current task failed (its copy ran out of retries on an I/O
 * error: a full disk, an unreadable file) is taken again with a new task once {@link RetakeRule}
 * says so; until then its failed task shows when ({@code next_attempt_at}). Failed tasks that
 * must not be taken again this way never qualify: a task superseded by a newer version is no
 * longer the entry's current task, and a killed job is never scanned again.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class KnownFiles {

    @PersistenceContext
    EntityManager em;

    /** The longest wait between two tasks for a file version that keeps failing. */
    @Inject
    @ConfigProperty(name = "syncf.scan.retake-max-delay", defaultValue = "PT1H")
    Duration retakeMaxDelay;

    /** Time as a dependency: {@link RetakeRule} is decided against it. */
    Clock clock = Clock.systemUTC();

    /**
     * @param dirPath the directory relative to the source, {@code ""} for the source itself
     * @param retakes whether the job has failed tasks, whose files may be due to be taken again
     * @return the tasks created for the workers, or empty when the job is no longer running
     */
    public Optional<List<DispatchItem>> record(UUID jobId, String dirPath, List<FoundEntry> found, boolean retakes) {
        Job job = em.find(Job.class, jobId.toString());
        if (job == null || job.status() != JobStatus.RUNNING) {
            return Optional.empty();
        }
        List<DispatchItem> created = new ArrayList<>();
        if (found.isEmpty()) {
            return Optional.of(created);
        }
        Map<String, KnownFile> known = em.createNamedQuery(KnownFile.IN_DIRECTORY, KnownFile.class)
                .setParameter("jobId", jobId.toString())
                .setParameter("dirKey", KnownFile.keyOf(dirPath))
                .setParameter("names", found.stream().map(FoundEntry::name).toList())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE) // a fresh read; see TaskLifecycle#held
                .getResultStream()
                .collect(Collectors.toMap(KnownFile::name, Function.identity()));
        List<String> superseded = new ArrayList<>();
        Map<String, FoundEntry> unchanged = new HashMap<>();
        for (FoundEntry entry : found) {
            KnownFile before = known.get(entry.name());
            if (isUnchanged(before, entry)) {
                before.foundAgain(entry.tag());
                unchanged.put(before.taskId(), entry);
                continue;
            }
            String path = dirPath.isEmpty() ? entry.name() : dirPath + "/" + entry.name();
            Task task = taskFor(jobId, path, entry);
            em.persist(task);
            if (before == null) {
                em.persist(new KnownFile(jobId, dirPath, entry.name(), entry.kind(), entry.size(), entry.modifiedAt(),
                        entry.tag(), task.id()));
            } else {
                superseded.add(before.taskId());
                before.changedTo(entry.kind(), entry.size(), entry.modifiedAt(), entry.tag(), task.id());
            }
            if (!entry.skipped()) {
                created.add(new DispatchItem(task.id(), jobId, task.kind(), task.fileSize()));
            }
        }
        if (retakes && !unchanged.isEmpty()) {
            retakeFailed(job, dirPath, known, unchanged, created);
        }
        if (!superseded.isEmpty()) {
            // one writer per target: a copy of the old version still going would race the new one
            em.createNamedQuery(Task.SUPERSEDE)
                    .setParameter("reason", "the source changed; a newer task copies its current version")
                    .setParameter("now", Instant.now().truncatedTo(ChronoUnit.MILLIS))
                    .setParameter("ids", superseded)
                    .executeUpdate();
        }
        return Optional.of(created);
    }

    /**
     * Whether the scan found the version the job knows (no task to take): same kind, size and
     * modification time, and the same tag where both have one (S3's ETag: an object replaced by
     * one of the same size within the same second, or keeping the mtime metadata, is a change).
     *
     * @param before what the job knows of the entry, null when nothing
     */
    static boolean isUnchanged(KnownFile before, FoundEntry entry) {
        return before != null && before.isSameVersion(entry.kind(), entry.size(), entry.modifiedAt(), entry.tag());
    }

    /**
     * Takes a new task for each unchanged entry whose current task failed and is due again; shows
     * on each failed task not yet due when it will be. One query per batch, by primary key.
     *
     * @param unchanged the entries found unchanged, by the id of their current task
     */
    private void retakeFailed(Job job, String dirPath, Map<String, KnownFile> known, Map<String, FoundEntry> unchanged,
            List<DispatchItem> created) {
        List<Object[]> failed = em.createNamedQuery(Task.FAILED_AMONG, Object[].class)
                .setParameter("jobId", job.id().toString())
                .setParameter("ids", List.copyOf(unchanged.keySet()))
                .getResultList();
        if (failed.isEmpty()) {
            return;
        }
        RetakeRule rule = new RetakeRule(retakeMaxDelay);
        Duration interval = job.interval().duration();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<String> retaken = new ArrayList<>();
        for (Object[] row : failed) {
            String failedTask = (String) row[0];
            FoundEntry entry = unchanged.get(failedTask);
            KnownFile before = known.get(entry.name());
            Instant due = rule.dueAt((Instant) row[1], before.failures(), interval);
            if (now.isBefore(due)) {
                if (!due.equals(row[2])) {
                    retakeAt(failedTask, due);
                }
                continue;
            }
            String path = dirPath.isEmpty() ? entry.name() : dirPath + "/" + entry.name();
            Task task = taskFor(job.id(), path, entry);
            em.persist(task);
            before.retaken(task.id());
            retaken.add(failedTask);
            if (!entry.skipped()) {
                created.add(new DispatchItem(task.id(), job.id(), task.kind(), task.fileSize()));
            }
        }
        if (!retaken.isEmpty()) {
            em.createNamedQuery(Task.RETAKEN).setParameter("ids", retaken).executeUpdate();
        }
    }

    private void retakeAt(String taskId, Instant at) {
        em.createNamedQuery(Task.RETAKE_AT).setParameter("at", at).setParameter("id", taskId).executeUpdate();
    }

    private static Task taskFor(UUID jobId, String path, FoundEntry entry) {
        Instant modified = Instant.ofEpochMilli(entry.modifiedAt());
        if (entry.skipped() && entry.linkTarget() == null) {
            return Task.skipped(jobId, entry.kind(), path, entry.size(), modified, entry.skipReason());
        }
        return switch (entry.kind()) {
            case FILE -> new Task(jobId, path, entry.size(), modified, entry.tag());
            case DIRECTORY -> Task.directory(jobId, path, modified);
            case SYMLINK -> entry.skipped()
                    ? Task.skippedSymlink(jobId, path, entry.size(), modified, entry.linkTarget(), entry.skipReason())
                    : Task.symlink(jobId, path, entry.size(), modified, entry.linkTarget());
        };
    }

    /** Whether any task of the job is failed: only then may a scan have a file to take again. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean hasFailedTasks(UUID jobId) {
        return em.createNamedQuery(Task.FAILED_OF_JOB, Long.class).setParameter("jobId", jobId.toString())
                .getSingleResult() > 0;
    }

    /** Records the end of a scan, with the reason it could not read the source, if any. */
    public void scanned(UUID jobId, String error) {
        em.createNamedQuery(Job.SCANNED)
                .setParameter("at", Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setParameter("error", error)
                .setParameter("id", jobId.toString())
                .executeUpdate();
    }
}
