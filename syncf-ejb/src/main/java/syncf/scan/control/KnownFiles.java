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
import syncf.task.entity.Task;

/**
 * Compares what a scan found in one directory with what the job already knows, and takes a
 * task for each new or changed file, in a transaction of its own: a long scan commits as it
 * goes, and a pause or kill stops it at the next batch.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class KnownFiles {

    @PersistenceContext
    EntityManager em;

    /**
     * @param dirPath the directory relative to the source, {@code ""} for the source itself
     * @return the ids of the tasks created, or empty when the job is no longer running
     */
    public Optional<List<UUID>> record(UUID jobId, String dirPath, List<FoundFile> found) {
        Job job = em.find(Job.class, jobId.toString());
        if (job == null || job.status() != JobStatus.RUNNING) {
            return Optional.empty();
        }
        List<UUID> created = new ArrayList<>();
        if (found.isEmpty()) {
            return Optional.of(created);
        }
        Map<String, KnownFile> known = em.createNamedQuery(KnownFile.IN_DIRECTORY, KnownFile.class)
                .setParameter("jobId", jobId.toString())
                .setParameter("dirPath", dirPath)
                .setParameter("names", found.stream().map(FoundFile::name).toList())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE) // a fresh read; see TaskLifecycle#held
                .getResultStream()
                .collect(Collectors.toMap(KnownFile::name, Function.identity()));
        for (FoundFile file : found) {
            KnownFile before = known.get(file.name());
            if (before != null && before.isSameVersion(file.size(), file.modifiedAt())) {
                continue;
            }
            String path = dirPath.isEmpty() ? file.name() : dirPath + "/" + file.name();
            Task task = new Task(jobId, path, file.size(), Instant.ofEpochMilli(file.modifiedAt()));
            em.persist(task);
            if (before == null) {
                em.persist(new KnownFile(jobId, dirPath, file.name(), file.size(), file.modifiedAt(), task.id()));
            } else {
                before.changedTo(file.size(), file.modifiedAt(), task.id());
            }
            created.add(task.id());
        }
        return Optional.of(created);
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
