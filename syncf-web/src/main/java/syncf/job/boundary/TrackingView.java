package syncf.job.boundary;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import syncf.persistence.control.PageRequest;
import syncf.task.control.TaskSummary;
import syncf.task.entity.Task;
import syncf.task.entity.TaskStatus;

/** {@code GET /api/jobs/{id}/tracking}: the job, its tasks' summary, and one page of its tasks. */
@JsonbPropertyOrder({"job", "summary", "tasks", "page"})
public record TrackingView(JobView job, Summary summary, List<TaskView> tasks, Page page) {

    @JsonbPropertyOrder({"totalTasks", "pending", "inProgress", "completed", "failed", "retrying",
        "totalBytes", "copiedBytes", "progress"})
    public record Summary(long totalTasks, long pending, long inProgress, long completed, long failed, long retrying,
            long totalBytes, long copiedBytes, double progress) {

        static Summary of(TaskSummary summary) {
            return new Summary(summary.totalTasks(), summary.count(TaskStatus.PENDING),
                    summary.count(TaskStatus.IN_PROGRESS), summary.count(TaskStatus.COMPLETED),
                    summary.count(TaskStatus.FAILED), summary.count(TaskStatus.RETRYING), summary.totalBytes(),
                    summary.copiedBytes(), summary.progress());
        }
    }

    @JsonbPropertyOrder({"taskId", "jobId", "filePath", "status", "fileSize", "copiedBytes", "progress", "checksum",
        "slaveId", "attempts", "lastError", "createdAt", "updatedAt", "startedAt", "completedAt"})
    public record TaskView(UUID taskId, UUID jobId, String filePath, String status, long fileSize, long copiedBytes,
            double progress, String checksum, String slaveId, int attempts, String lastError, Instant createdAt,
            Instant updatedAt, Instant startedAt, Instant completedAt) {

        static TaskView of(Task task) {
            return new TaskView(task.id(), task.jobId(), task.filePath(), task.status().apiName(), task.fileSize(),
                    task.copiedBytes(), task.progress(), task.checksum(), task.slaveId(), task.attempts(),
                    task.lastError(), task.createdAt(), task.updatedAt(), task.startedAt(), task.completedAt());
        }
    }

    /** Where this page of tasks is: {@code total} counts the tasks that match the filter. */
    @JsonbPropertyOrder({"limit", "offset", "total"})
    public record Page(int limit, int offset, long total) {

        static Page of(PageRequest request, long total) {
            return new Page(request.limit(), request.offset(), total);
        }
    }
}
