package syncf.task.control;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import syncf.task.entity.TaskStatus;

/** What a job's tasks add up to: how many in each state, and the bytes to copy and copied (skipped ones left out). */
public record TaskSummary(Map<TaskStatus, Long> counts, long totalBytes, long copiedBytes) {

    public TaskSummary {
        EnumMap<TaskStatus, Long> all = new EnumMap<>(TaskStatus.class);
        for (TaskStatus status : TaskStatus.values()) {
            all.put(status, counts.getOrDefault(status, 0L));
        }
        counts = Collections.unmodifiableMap(all);
    }

    public long totalTasks() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public long count(TaskStatus status) {
        return counts.get(status);
    }

    /**
     * The fraction of all bytes to copy that are copied, 0.0 to 1.0, as the seed's API shows it
     * (skipped entries are not to be copied); a job with no bytes to copy is at 1.0 once every
     * task is completed or skipped.
     */
    public double progress() {
        if (totalBytes == 0) {
            long tasks = totalTasks();
            return tasks > 0 && count(TaskStatus.COMPLETED) + count(TaskStatus.SKIPPED) == tasks ? 1.0 : 0.0;
        }
        return Math.min(1.0, (double) copiedBytes / totalBytes);
    }
}
