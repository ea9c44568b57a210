package syncf.job.control;

import static java.lang.System.Logger.Level.INFO;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import syncf.job.entity.Interval;
import syncf.job.entity.Job;
import syncf.job.entity.JobStatus;
import syncf.persistence.control.PageRequest;
import syncf.storage.control.BaseDirectory;
import syncf.storage.control.ConfinedPath;
import syncf.storage.entity.StorageType;
import syncf.task.entity.Task;

/** The job use cases: submit, list, look up, pause, resume, kill. */
@Stateless
public class JobService {

    private static final System.Logger LOG = System.getLogger(JobService.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    BaseDirectory base;

    @Inject
    Event<JobChanged> changes;

    public Job submit(JobSubmission submission) {
        StorageType sourceType = StorageType.parse("source_type", submission.sourceType());
        StorageType sinkType = StorageType.parse("sink_type", submission.sinkType());
        Interval interval = Interval.parse(submission.interval());
        ConfinedPath source = base.confine("source_path", submission.sourcePath());
        ConfinedPath sink = base.confine("sink_path", submission.sinkPath());
        checkTogether(source, sink);
        Job job = new Job(source.relative(), sourceType, sink.relative(), sinkType, interval);
        em.persist(job);
        changes.fire(new JobChanged(job.id(), job.status(), job.interval()));
        LOG.log(INFO, "Submitted job {0}: {1} -> {2} every {3}", job.id(), source.relative(), sink.relative(), interval);
        return job;
    }

    private static void checkTogether(ConfinedPath source, ConfinedPath sink) {
        if (!Files.exists(source.location())) {
            throw new InvalidLocations("source_path \"" + source.relative() + "\" does not exist under the base directory");
        }
        if (source.location().equals(sink.location())) {
            throw new InvalidLocations("source_path and sink_path are the same location");
        }
        if (sink.location().startsWith(source.location())) {
            throw new InvalidLocations("sink_path is inside source_path: every sync would copy its own output");
        }
        if (source.location().startsWith(sink.location())) {
            throw new InvalidLocations("source_path is inside sink_path: the sync would write into its own source");
        }
        if (!Files.isDirectory(source.location()) && !Files.isRegularFile(source.location())) {
            throw new InvalidLocations("source_path \"" + source.relative() + "\" is neither a directory nor a regular file");
        }
        if (Files.isDirectory(source.location()) && Files.exists(sink.location()) && !Files.isDirectory(sink.location())) {
            throw new InvalidLocations("sink_path \"" + sink.relative() + "\" is a file, but source_path is a directory");
        }
        Path existing = sink.location().getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new InvalidLocations("sink_path \"" + sink.relative() + "\" runs through a file; no directory can be made there");
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
