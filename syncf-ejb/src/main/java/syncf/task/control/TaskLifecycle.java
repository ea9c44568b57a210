package syncf.task.control;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import syncf.job.entity.Job;
import syncf.job.entity.JobStatus;
import syncf.task.entity.LeaseLost;
import syncf.task.entity.Task;
import syncf.task.entity.TaskStatus;

/**
 * A worker's side of a task, each step in a transaction of its own. Taking a task is one
 * conditional UPDATE, so of two workers handed the same message one wins and the other backs
 * off; every checkpoint renews the lease and only the holder's checkpoint counts.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class TaskLifecycle {

    @PersistenceContext
    EntityManager em;

    /** The task, if this worker could take it: it is not done, nobody else holds it, and its job runs. */
    public Optional<Claim> claim(UUID taskId, String worker, Duration lease) {
        Task task = em.find(Task.class, taskId.toString());
        if (task == null) {
            return Optional.empty();
        }
        Job job = em.find(Job.class, task.jobId().toString());
        if (job == null || job.status() != JobStatus.RUNNING) {
            return Optional.empty();
        }
        Instant now = now();
        int taken = 0;
        for (String claim : new String[] {Task.CLAIM_FRESH, Task.CLAIM_CONTINUATION}) {
            taken += em.createNamedQuery(claim)
                    .setParameter("worker", worker)
                    .setParameter("until", now.plus(lease))
                    .setParameter("now", now)
                    .setParameter("id", taskId.toString())
                    .executeUpdate();
            if (taken > 0) {
                break;
            }
        }
        if (taken == 0) {
            return Optional.empty();
        }
        em.refresh(task);
        return Optional.of(new Claim(taskId, job.id(), job.sourcePath(), job.sinkPath(), task.filePath(), task.kind(),
                task.fileSize(), task.sourceModifiedAt() == null ? 0 : task.sourceModifiedAt().toEpochMilli(),
                task.linkTarget(), task.copiedBytes(), task.attempts()));
    }

    /** Records progress and renews the lease; {@link LeaseLost} if this worker no longer holds the task. */
    public void checkpoint(UUID taskId, String worker, long offset, Duration lease) {
        Instant now = now();
        int updated = em.createNamedQuery(Task.CHECKPOINT_OWNED)
                .setParameter("offset", offset)
                .setParameter("until", now.plus(lease))
                .setParameter("now", now)
                .setParameter("id", taskId.toString())
                .setParameter("worker", worker)
                .executeUpdate();
        if (updated == 0 && !holds(taskId, worker)) {
            throw new LeaseLost(taskId, worker);
        }
    }

    public void complete(UUID taskId, String worker, String sha256) {
        held(taskId).complete(worker, sha256);
    }

    /** This worker goes on from a checkpoint it did not leave itself; {@code reread} bytes of the source are read again. */
    public void resumed(UUID taskId, String worker, long reread) {
        held(taskId).resumed(worker, reread);
    }

    public void release(UUID taskId, String worker) {
        held(taskId).release(worker);
    }

    /** @return whether the task will be retried ({@code RETRYING}) or failed for good */
    public TaskStatus attemptFailed(UUID taskId, String worker, String error, int maxAttempts,
            Duration backoff) {
        return held(taskId).attemptFailed(worker, error, maxAttempts, backoff);
    }

    public void fail(UUID taskId, String worker, String error) {
        held(taskId).fail(worker, error);
    }

    /** Whether the job of a task was killed: a copier that lost its task then removes its part file. */
    public boolean jobKilled(UUID jobId) {
        Job job = em.find(Job.class, jobId.toString());
        return job == null || job.status() == JobStatus.KILLED;
    }

    private boolean holds(UUID taskId, String worker) {
        Task task = em.find(Task.class, taskId.toString(), LockModeType.PESSIMISTIC_WRITE);
        return task != null && worker.equals(task.slaveId()) && task.status() == TaskStatus.IN_PROGRESS;
    }

    /**
     * Read under a write lock, on the transaction's own connection: a plain read may come from
     * another pooled connection whose SQLite snapshot predates this worker's last checkpoint,
     * and the update would then fail its version check.
     */
    private Task held(UUID taskId) {
        Task task = em.find(Task.class, taskId.toString(), LockModeType.PESSIMISTIC_WRITE);
        if (task == null) {
            throw new IllegalStateException("task " + taskId + " vanished");
        }
        return task;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
