package syncf.job.boundary;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import syncf.persistence.control.PageRequest;
import syncf.task.control.TaskSummary;
import syncf.task.entity.Task;
import syncf.task.entity.TaskStatus;

/** {@code GET /api/jobs/{id}/tracking}: the job, its tasks' summary, and one page of its tasks. */
@JsonbPropertyOrder({"job", "summary", "tasks", "page"})
public record TrackingView(JobView job, Summary summary, List<TaskView> tasks, Page page) {

    /**
     * Counts per state, bytes to copy and copied (skipped entries left out), and the current
     * throughput: bytes per second over the last seconds, null while the job is not running.
     */
    @JsonbPropertyOrder({"totalTasks", "pending", "inProgress", "completed", "failed", "retrying", "skipped",
        "totalBytes", "copiedBytes", "progress", "throughputBytesPerSecond"})
    public record Summary(long totalTasks, long pending, long inProgress, long completed, long failed, long retrying,
            long skipped, long totalBytes, long copiedBytes, double progress, Long throughputBytesPerSecond) {

        static Summary of(TaskSummary summary, OptionalLong throughput) {
            return new Summary(summary.totalTasks(), summary.count(TaskStatus.PENDING),
                    summary.count(TaskStatus.IN_PROGRESS), summary.count(TaskStatus.COMPLETED),
                    summary.count(TaskStatus.FAILED), summary.count(TaskStatus.RETRYING),
                    summary.count(TaskStatus.SKIPPED), summary.totalBytes(), summary.copiedBytes(), summary.progress(),
                    throughput.isPresent() ? throughput.getAsLong() : null);
        }
    }

    /**
     * One task. {@code kind} is {@code file}, {@code directory} (an empty one) or {@code symlink}
     * (then {@code link_target} is the link's target); {@code resumes} and {@code reread_bytes}
     * say how often a copy went on from a checkpoint another (or a crashed) worker left, and
     * how many source bytes that read twice. {@code next_attempt_at} is when the file is tried
     * again: a {@code retrying} task's next attempt, or when a later scan takes a {@code failed}
     * task's file again (null when nothing is planned).
     */
    @JsonbPropertyOrder({"taskId", "jobId", "filePath", "kind", "status", "fileSize", "copiedBytes", "progress",
        "checksum", "slaveId", "attempts", "lastError", "linkTarget", "resumes", "rereadBytes", "createdAt",
        "updatedAt", "startedAt", "completedAt", "nextAttemptAt"})
    public record TaskView(UUID taskId, UUID jobId, String filePath, String kind, String status, long fileSize,
            long copiedBytes, double progress, String checksum, String slaveId, int attempts, String lastError,
            String linkTarget, int resumes, long rereadBytes, Instant createdAt, Instant updatedAt, Instant startedAt,
            Instant completedAt, Instant nextAttemptAt) {

        static TaskView of(Task task) {
            return new TaskView(task.id(), task.jobId(), task.filePath(), task.kind().apiName(),
                    task.status().apiName(), task.fileSize(), task.copiedBytes(), task.progress(), task.checksum(),
                    task.slaveId(), task.attempts(), task.lastError(), task.linkTarget(), task.resumes(),
                    task.rereadBytes(), task.createdAt(), task.updatedAt(), task.startedAt(), task.completedAt(),
                    task.nextAttemptAt());
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
