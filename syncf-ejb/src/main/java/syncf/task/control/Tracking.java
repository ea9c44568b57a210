package syncf.task.control;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import syncf.persistence.control.PageRequest;
import syncf.task.entity.Task;
import syncf.task.entity.TaskStatus;

/**
 * Reads a job's tasks for tracking: a page of them, optionally of one state, and their summary.
 * The summary and the throughput meter read the jobs' tallies (table {@code job_tally}, kept by
 * triggers on {@code sync_task}, docs/adr/0017): a few rows per job, however many tasks it holds.
 */
@Stateless
public class Tracking {

    private static final String TALLY = "select coalesce(sum(pending), 0), coalesce(sum(in_progress), 0),"
            + " coalesce(sum(completed), 0), coalesce(sum(failed), 0), coalesce(sum(retrying), 0),"
            + " coalesce(sum(skipped), 0), coalesce(sum(total_bytes), 0), coalesce(sum(copied_bytes), 0)"
            + " from job_tally";
    private static final String TALLY_OF_JOB = TALLY + " where job_id = ?1";
    /** The order of the tally's count columns. */
    private static final TaskStatus[] TALLIED = {TaskStatus.PENDING, TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED,
        TaskStatus.FAILED, TaskStatus.RETRYING, TaskStatus.SKIPPED};
    private static final String COPIED_PER_RUNNING_JOB = "select t.job_id, coalesce(sum(t.copied_bytes), 0)"
            + " from job_tally t join sync_job j on j.id = t.job_id where j.status = 'RUNNING' group by t.job_id";
    private static final String QUEUED_OF_RUNNING_JOBS = "select coalesce(sum(t.pending + t.retrying), 0)"
            + " from job_tally t join sync_job j on j.id = t.job_id where j.status = 'RUNNING'";

    @PersistenceContext
    EntityManager em;

    public List<Task> tasks(UUID jobId, Optional<TaskStatus> status, PageRequest page) {
        TypedQuery<Task> query = status
                .map(s -> em.createNamedQuery(Task.OF_JOB_WITH_STATUS, Task.class).setParameter("status", s))
                .orElseGet(() -> em.createNamedQuery(Task.OF_JOB, Task.class));
        return query.setParameter("jobId", jobId.toString())
                .setFirstResult(page.offset())
                .setMaxResults(page.limit())
                .getResultList();
    }

    /** These tasks as they are now (those that still exist). */
    public List<Task> among(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return em.createNamedQuery(Task.AMONG, Task.class).setParameter("ids", ids.stream().map(UUID::toString).toList())
                .getResultList();
    }

    /** Bytes copied so far by each running job's tasks, for the throughput meter. */
    public Map<UUID, Long> copiedPerRunningJob() {
        Map<UUID, Long> copied = new java.util.HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(COPIED_PER_RUNNING_JOB).getResultList();
        for (Object[] row : rows) {
            copied.put(UUID.fromString((String) row[0]), ((Number) row[1]).longValue());
        }
        return copied;
    }

    /** The job's tally: one indexed read of at most a few rows, whatever the number of tasks. */
    public TaskSummary summary(UUID jobId) {
        return summaryOf((Object[]) em.createNativeQuery(TALLY_OF_JOB).setParameter(1, jobId.toString()).getSingleResult());
    }

    /** What every job's tasks add up to, for the monitoring figures: the tallies' rows, a few per job. */
    public TaskSummary overall() {
        return summaryOf((Object[]) em.createNativeQuery(TALLY).getSingleResult());
    }

    /**
     * The tasks of running jobs that wait for a worker to take them: pending (new, or handed on
     * after a lease ran out) or retrying after a failed attempt; a paused job's wait for its resume
     * and are not counted. Read from the tallies, as {@link #overall}.
     */
    public long queuedOfRunningJobs() {
        return ((Number) em.createNativeQuery(QUEUED_OF_RUNNING_JOBS).getSingleResult()).longValue();
    }

    private static TaskSummary summaryOf(Object[] row) {
        Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
        for (int i = 0; i < TALLIED.length; i++) {
            counts.put(TALLIED[i], ((Number) row[i]).longValue());
        }
        return new TaskSummary(counts, ((Number) row[6]).longValue(), ((Number) row[7]).longValue());
    }
}
