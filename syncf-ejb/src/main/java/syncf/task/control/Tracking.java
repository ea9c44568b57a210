package syncf.task.control;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import syncf.persistence.control.PageRequest;
import syncf.task.entity.Task;
import syncf.task.entity.TaskStatus;

/** Reads a job's tasks for tracking: a page of them, optionally of one state, and their summary. */
@Stateless
public class Tracking {

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

    /** Bytes copied so far by each running job's tasks, for the throughput meter. */
    public Map<UUID, Long> copiedPerRunningJob() {
        Map<UUID, Long> copied = new java.util.HashMap<>();
        for (Object[] row : em.createNamedQuery(Task.COPIED_PER_RUNNING_JOB, Object[].class).getResultList()) {
            copied.put(UUID.fromString((String) row[0]), ((Number) row[1]).longValue());
        }
        return copied;
    }

    public TaskSummary summary(UUID jobId) {
        Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
        long totalBytes = 0;
        long copiedBytes = 0;
        List<Object[]> rows = em.createNamedQuery(Task.SUMMARY_OF_JOB, Object[].class)
                .setParameter("jobId", jobId.toString())
                .getResultList();
        for (Object[] row : rows) {
            counts.put((TaskStatus) row[0], ((Number) row[1]).longValue());
            if (row[0] == TaskStatus.SKIPPED) {
                continue; // not to be copied: its bytes are no part of the job's progress
            }
            totalBytes += ((Number) row[2]).longValue();
            copiedBytes += ((Number) row[3]).longValue();
        }
        return new TaskSummary(counts, totalBytes, copiedBytes);
    }
}
