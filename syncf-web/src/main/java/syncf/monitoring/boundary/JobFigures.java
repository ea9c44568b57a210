package syncf.monitoring.boundary;

import java.util.Map;
import syncf.job.entity.JobStatus;
import syncf.task.control.TaskSummary;
import syncf.task.entity.TaskStatus;

/** One reading of the master's figures: what {@link JobsMXBean} shows, all of the same moment. */
public record JobFigures(Map<JobStatus, Long> jobs, TaskSummary tasks, long queuedTasks, long bytesPerSecond)
        implements JobsMXBean {

    long jobsIn(JobStatus status) {
        return jobs.getOrDefault(status, 0L);
    }

    @Override
    public long getRunningJobs() {
        return jobsIn(JobStatus.RUNNING);
    }

    @Override
    public long getPausedJobs() {
        return jobsIn(JobStatus.PAUSED);
    }

    @Override
    public long getKilledJobs() {
        return jobsIn(JobStatus.KILLED);
    }

    @Override
    public long getPendingTasks() {
        return tasks.count(TaskStatus.PENDING);
    }

    @Override
    public long getInProgressTasks() {
        return tasks.count(TaskStatus.IN_PROGRESS);
    }

    @Override
    public long getRetryingTasks() {
        return tasks.count(TaskStatus.RETRYING);
    }

    @Override
    public long getCompletedTasks() {
        return tasks.count(TaskStatus.COMPLETED);
    }

    @Override
    public long getFailedTasks() {
        return tasks.count(TaskStatus.FAILED);
    }

    @Override
    public long getSkippedTasks() {
        return tasks.count(TaskStatus.SKIPPED);
    }

    @Override
    public long getQueuedTasks() {
        return queuedTasks;
    }

    @Override
    public long getTotalBytes() {
        return tasks.totalBytes();
    }

    @Override
    public long getCopiedBytes() {
        return tasks.copiedBytes();
    }

    @Override
    public long getBytesPerSecond() {
        return bytesPerSecond;
    }
}
