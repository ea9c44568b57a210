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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import syncf.job.entity.Job;
import syncf.job.entity.JobStatus;
import syncf.task.entity.CopyCheckpoint;
import syncf.task.entity.LeaseLost;
import syncf.task.entity.Task;
import syncf.task.entity.TaskStatus;

/**
 * A worker's side of a task, each step in a transaction of its own. Taking a task is one
 * conditional UPDATE, so of two workers handed the same message one wins and the other backs
 * off; every checkpoint renews the lease and only the holder's checkpoint counts. A batch of
 * small files is claimed in one UPDATE and settled (completed, failed, retried) in one
 * transaction, with the same rules per task.
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
        return Optional.of(claimOf(task, job));
    }

    private static Claim claimOf(Task task, Job job) {
        return new Claim(task.id(), job.id(), job.sourceType(), job.sourcePath(), job.sinkType(), job.sinkPath(), task.filePath(), task.kind(),
                task.fileSize(), task.sourceModifiedAt() == null ? 0 : task.sourceModifiedAt().toEpochMilli(),
                task.sourceTag(), task.linkTarget(), task.checkpoint(), task.attempts());
    }

    /**
     * Takes every task among {@code taskIds} that this worker may take, in one transaction: the
     * same conditions as {@link #claim}, checked by two conditional UPDATEs that mark what they
     * took with a fresh claim id, so that of two workers handed the same tasks each gets only
     * the rows it won.
     *
     * @return the claims won, in the order of {@code taskIds}; the others are done, held, or of a job not running
     */
    public List<Claim> claimBatch(List<UUID> taskIds, String worker, Duration lease) {
        if (taskIds.isEmpty()) {
            return List.of();
        }
        List<String> ids = taskIds.stream().map(UUID::toString).toList();
        // two lookups by primary key: SQLite, joining the two tables, would walk every task of every running job
        List<String> jobsOfTasks = em.createNamedQuery(Task.JOBS_AMONG, String.class).setParameter("ids", ids).getResultList();
        List<String> running = jobsOfTasks.isEmpty() ? List.of()
                : em.createNamedQuery(Job.RUNNING_AMONG, String.class).setParameter("ids", jobsOfTasks).getResultList();
        if (running.isEmpty()) {
            return List.of();
        }
        String claimId = UUID.randomUUID().toString();
        Instant now = now();
        int taken = 0;
        for (String claim : new String[] {Task.CLAIM_BATCH_FRESH, Task.CLAIM_BATCH_CONTINUATION}) {
            taken += em.createNamedQuery(claim)
                    .setParameter("worker", worker)
                    .setParameter("until", now.plus(lease))
                    .setParameter("now", now)
                    .setParameter("claim", claimId)
                    .setParameter("ids", ids)
                    .setParameter("jobIds", running)
                    .executeUpdate();
        }
        if (taken == 0) {
            return List.of();
        }
        Map<UUID, Task> won = new HashMap<>();
        em.createNamedQuery(Task.CLAIMED, Task.class)
                .setParameter("ids", ids)
                .setParameter("claim", claimId)
                .getResultStream()
                .forEach(task -> won.put(task.id(), task));
        Map<UUID, Job> jobs = new HashMap<>();
        List<Claim> claims = new ArrayList<>();
        for (UUID id : taskIds) {
            Task task = won.get(id);
            if (task != null) {
                Job job = jobs.computeIfAbsent(task.jobId(), jobId -> em.find(Job.class, jobId.toString()));
                claims.add(claimOf(task, job));
            }
        }
        return claims;
    }

    /**
     * Ends a batch's attempt in one transaction: each task this worker still holds is completed,
     * failed, retried or released as its outcome says.
     *
     * @return the state each task held by this worker is in now ({@code RETRYING} or {@code FAILED}
     *         after a failed attempt, as the attempts left decide); the tasks it no longer held (the
     *         job was killed, a scan superseded them) are not in it
     */
    public Map<UUID, TaskStatus> settle(String worker, Map<UUID, Settlement> outcomes, int maxAttempts) {
        if (outcomes.isEmpty()) {
            return Map.of();
        }
        Map<UUID, TaskStatus> settled = new HashMap<>();
        List<Task> tasks = em.createNamedQuery(Task.AMONG, Task.class)
                .setParameter("ids", outcomes.keySet().stream().map(UUID::toString).toList())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE) // a fresh read; see #held
                .getResultList();
        for (Task task : tasks) {
            Settlement outcome = outcomes.get(task.id());
            try {
                if (outcome instanceof Settlement.Completed completed) {
                    task.complete(worker, completed.sha256());
                } else if (outcome instanceof Settlement.Failed failed) {
                    task.fail(worker, failed.reason());
                } else if (outcome instanceof Settlement.Changed changed) {
                    task.fail(worker, changed.reason());
                } else if (outcome instanceof Settlement.AttemptFailed failed) {
                    task.attemptFailed(worker, failed.error(), maxAttempts, failed.backoff());
                } else {
                    task.release(worker);
                }
                settled.put(task.id(), task.status());
            } catch (LeaseLost e) {
                // no longer this worker's: what ended it counts, not this outcome
            }
        }
        return settled;
    }

    /** Records progress and renews the lease; {@link LeaseLost} if this worker no longer holds the task. */
    public void checkpoint(UUID taskId, String worker, CopyCheckpoint reached, Duration lease) {
        Instant now = now();
        int updated = em.createNamedQuery(Task.CHECKPOINT_OWNED)
                .setParameter("offset", reached.offset())
                .setParameter("stageState", reached.stageState())
                .setParameter("digestState", reached.digestState())
                .setParameter("until", now.plus(lease))
                .setParameter("now", now)
                .setParameter("id", taskId.toString())
                .setParameter("worker", worker)
                .executeUpdate();
        if (updated == 0 && !holds(taskId, worker)) {
            throw new LeaseLost(taskId, worker);
        }
    }

    /**
     * Renews this worker's lease on those of {@code taskIds} it still holds, as a checkpoint
     * would: a batch copies no chunks and so checkpoints nothing, and a lease left to run out
     * hands its task to another worker.
     */
    public void renew(List<UUID> taskIds, String worker, Duration lease) {
        if (taskIds.isEmpty()) {
            return;
        }
        Instant now = now();
        em.createNamedQuery(Task.RENEW_OWNED)
                .setParameter("until", now.plus(lease))
                .setParameter("now", now)
                .setParameter("ids", taskIds.stream().map(UUID::toString).toList())
                .setParameter("worker", worker)
                .executeUpdate();
    }

    /**
     * Renews this worker's lease on one task that is still at work without a checkpoint (a long
     * copy inside the store, a long commit), as a checkpoint would.
     *
     * @throws LeaseLost if this worker no longer holds the task: its copy is to stop
     */
    public void renewHeld(UUID taskId, String worker, Duration lease) {
        Instant now = now();
        int updated = em.createNamedQuery(Task.RENEW_OWNED)
                .setParameter("until", now.plus(lease))
                .setParameter("now", now)
                .setParameter("ids", List.of(taskId.toString()))
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

    /**
     * The ids among these that no task has: a message from another SyncF on the same broker, or
     * made up. One lookup by primary key.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<UUID> unknownAmong(List<UUID> taskIds) {
        if (taskIds.isEmpty()) {
            return List.of();
        }
        Set<String> known = Set.copyOf(em.createNamedQuery(Task.IDS_AMONG, String.class)
                .setParameter("ids", taskIds.stream().map(UUID::toString).toList())
                .getResultList());
        return taskIds.stream().filter(id -> !known.contains(id.toString())).distinct().toList();
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
