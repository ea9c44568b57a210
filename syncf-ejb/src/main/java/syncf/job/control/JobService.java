package syncf.job.control;

import static java.lang.System.Logger.Level.INFO;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import syncf.job.entity.Interval;
import syncf.job.entity.Job;
import syncf.job.entity.JobStatus;
import syncf.persistence.control.PageRequest;
import syncf.storage.control.Entry;
import syncf.storage.control.Location;
import syncf.storage.control.Storage;
import syncf.storage.control.StorageFailure;
import syncf.storage.control.Stores;
import syncf.storage.entity.StorageType;
import syncf.task.entity.Task;

/** The job use cases: submit, list, look up, pause, resume, kill. */
@Stateless
public class JobService {

    private static final System.Logger LOG = System.getLogger(JobService.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    Stores stores;

    @Inject
    Event<JobChanged> changes;

    public Job submit(JobSubmission submission) {
        StorageType sourceType = StorageType.parse("source_type", submission.sourceType());
        StorageType sinkType = StorageType.parse("sink_type", submission.sinkType());
        Interval interval = Interval.parse(submission.interval());
        Storage from = stores.of(sourceType);
        Storage to = stores.of(sinkType);
        Location source = from.locate("source_path", submission.sourcePath());
        Location sink = to.locate("sink_path", submission.sinkPath());
        checkTogether(from, source, to, sink);
        Job job = new Job(source.relative(), sourceType, sink.relative(), sinkType, interval);
        em.persist(job);
        changes.fire(new JobChanged(job.id(), job.status(), job.interval()));
        LOG.log(INFO, "Submitted job {0}: {1} -> {2} every {3}", job.id(), source.relative(), sink.relative(), interval);
        return job;
    }

    /** Source and sink as a sync can use them: in two different storages, only each one's own checks apply. */
    private void checkTogether(Storage from, Location source, Storage to, Location sink) {
        Optional<Entry.Type> sourceType = typeOf(from, source);
        if (sourceType.isEmpty()) {
            throw new InvalidLocations("source_path \"" + source.relative() + "\" does not exist "
                    + (from.type().equals("local") ? "under the base directory" : "in the store"));
        }
        if (from == to) {
            checkApart(from, source, sink);
        }
        if (sourceType.get() != Entry.Type.DIRECTORY && sourceType.get() != Entry.Type.FILE) {
            throw new InvalidLocations("source_path \"" + source.relative() + "\" is neither a directory nor a regular file");
        }
        Optional<Entry.Type> sinkType = typeOf(to, sink);
        if (sourceType.get() == Entry.Type.DIRECTORY && sinkType.isPresent() && sinkType.get() != Entry.Type.DIRECTORY) {
            throw new InvalidLocations("sink_path \"" + sink.relative() + "\" is a file, but source_path is a directory");
        }
        Location existing = to.parent(sink);
        Optional<Entry.Type> found = Optional.empty();
        while (existing != null && (found = typeOf(to, existing)).isEmpty()) {
            existing = to.parent(existing);
        }
        if (existing != null && found.get() != Entry.Type.DIRECTORY) {
            throw new InvalidLocations("sink_path \"" + sink.relative() + "\" runs through a file; no directory can be made there");
        }
    }

    private static void checkApart(Storage storage, Location source, Location sink) {
        if (storage.within(source, sink) && storage.within(sink, source)) {
            throw new InvalidLocations("source_path and sink_path are the same location");
        }
        if (storage.within(sink, source)) {
            throw new InvalidLocations("sink_path is inside source_path: every sync would copy its own output");
        }
        if (storage.within(source, sink)) {
            throw new InvalidLocations("source_path is inside sink_path: the sync would write into its own source");
        }
    }

    /**
     * What is at a confined location (its links resolved when it was confined); empty when
     * nothing is, or when it cannot be read, as {@code Files.exists} has it; a store that refused
     * or did not answer is the user's to know (a 400 saying why).
     */
    private static Optional<Entry.Type> typeOf(Storage storage, Location at) {
        try {
            return storage.stat(at).map(Entry::type);
        } catch (StorageFailure e) {
            throw new InvalidLocations(e.getMessage()); // the store refused or did not answer: the user must know
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public List<Job> list(PageRequest page) {
        return em.createNamedQuery(Job.NEWEST_FIRST, Job.class)
                .setFirstResult(page.offset())
                .setMaxResults(page.limit())
                .getResultList();
    }

    public List<Job> withStatus(JobStatus status) {
        return em.createNamedQuery(Job.WITH_STATUS, Job.class).setParameter("status", status).getResultList();
    }

    public long count() {
        return em.createNamedQuery(Job.COUNT, Long.class).getSingleResult();
    }

    /** How many jobs are in each state (every state present, zero where none is). */
    public Map<JobStatus, Long> countByStatus() {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            counts.put(status, 0L);
        }
        for (Object[] row : em.createNamedQuery(Job.COUNT_BY_STATUS, Object[].class).getResultList()) {
            counts.put((JobStatus) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }

    public Job find(UUID id) {
        Job job = em.find(Job.class, id.toString());
        if (job == null) {
            throw new UnknownJob(id);
        }
        return job;
    }

    public Job pause(UUID id) {
        return change(id, Job::pause, "Paused");
    }

    public Job resume(UUID id) {
        return change(id, Job::resume, "Resumed");
    }

    /** Kills the job and ends its unfinished tasks; a worker copying one stops at its next checkpoint. */
    public Job kill(UUID id) {
        Job job = change(id, Job::kill, "Killed");
        em.createNamedQuery(Task.END_OF_JOB)
                .setParameter("reason", "the job was killed")
                .setParameter("now", job.updatedAt())
                .setParameter("jobId", id.toString())
                .executeUpdate();
        return job;
    }

    /** Flushes inside the call so that a lost race is a clear conflict, not a failed commit. */
    private Job change(UUID id, Consumer<Job> transition, String verb) {
        // locked read: see TaskLifecycle#held for why a plain read may be stale on SQLite
        Job job = em.find(Job.class, id.toString(), LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            throw new UnknownJob(id);
        }
        transition.accept(job);
        try {
            em.flush();
        } catch (OptimisticLockException e) {
            throw new ConcurrentChange(id);
        }
        changes.fire(new JobChanged(job.id(), job.status(), job.interval()));
        LOG.log(INFO, "{0} job {1}", verb, id);
        return job;
    }
}
