package syncf.scan.control;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
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
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class KnownFiles {

    @PersistenceContext
    EntityManager em;

    /**
     * @param dirPath the directory relative to the source, {@code ""} for the source itself
     * @return the tasks created for the workers, or empty when the job is no longer running
     */
    public Optional<List<DispatchItem>> record(UUID jobId, String dirPath, List<FoundEntry> found) {
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
        for (FoundEntry entry : found) {
            KnownFile before = known.get(entry.name());
            if (before != null && before.isSameVersion(entry.kind(), entry.size(), entry.modifiedAt())) {
                continue;
            }
            String path = dirPath.isEmpty() ? entry.name() : dirPath + "/" + entry.name();
            Task task = taskFor(jobId, path, entry);
            em.persist(task);
            if (before == null) {
                em.persist(new KnownFile(jobId, dirPath, entry.name(), entry.kind(), entry.size(), entry.modifiedAt(),
                        task.id()));
            } else {
                superseded.add(before.taskId());
                before.changedTo(entry.kind(), entry.size(), entry.modifiedAt(), task.id());
            }
            if (!entry.skipped()) {
                created.add(new DispatchItem(task.id(), jobId, task.kind(), task.fileSize()));
            }
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

    private static Task taskFor(UUID jobId, String path, FoundEntry entry) {
        Instant modified = Instant.ofEpochMilli(entry.modifiedAt());
        if (entry.skipped() && entry.linkTarget() == null) {
            return Task.skipped(jobId, entry.kind(), path, entry.size(), modified, entry.skipReason());
        }
        return switch (entry.kind()) {
            case FILE -> new Task(jobId, path, entry.size(), modified);
            case DIRECTORY -> Task.directory(jobId, path, modified);
            case SYMLINK -> entry.skipped()
                    ? Task.skippedSymlink(jobId, path, entry.size(), modified, entry.linkTarget(), entry.skipReason())
                    : Task.symlink(jobId, path, entry.size(), modified, entry.linkTarget());
        };
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
