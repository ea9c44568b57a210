package syncf.monitoring.boundary;

import java.util.Map;
import syncf.job.entity.JobStatus;
import syncf.task.control.TaskSummary;
import syncf.task.entity.TaskStatus;

/** One reading of the master's figures: what {@link JobsMXBean} shows, all of the same moment. */
record JobFigures(Map<JobStatus, Long> jobs, TaskSummary tasks, long bytesPerSecond) implements JobsMXBean {

    @Override
    public long getRunningJobs() {
        return jobs.getOrDefault(JobStatus.RUNNING, 0L);
    }

    @Override
    public long getPausedJobs() {
        return jobs.getOrDefault(JobStatus.PAUSED, 0L);
    }

    @Override
    public long getKilledJobs() {
        return jobs.getOrDefault(JobStatus.KILLED, 0L);
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
