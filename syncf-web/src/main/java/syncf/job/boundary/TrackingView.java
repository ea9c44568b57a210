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
     * Counts per state, bytes to copy and copied (skipped entries left out), {@code progress} as
     * the seed has it (a fraction, 0.0 to 1.0) and as {@code percent}, and the current
     * throughput: bytes per second over the last seconds, null while the job is not running.
     */
    @JsonbPropertyOrder({"totalTasks", "pending", "inProgress", "completed", "failed", "retrying", "skipped",
        "totalBytes", "copiedBytes", "progress", "percent", "throughputBytesPerSecond"})
    public record Summary(long totalTasks, long pending, long inProgress, long completed, long failed, long retrying,
            long skipped, long totalBytes, long copiedBytes, double progress, double percent,
            Long throughputBytesPerSecond) {

        public static Summary of(TaskSummary summary, OptionalLong throughput) {
            return new Summary(summary.totalTasks(), summary.count(TaskStatus.PENDING),
                    summary.count(TaskStatus.IN_PROGRESS), summary.count(TaskStatus.COMPLETED),
                    summary.count(TaskStatus.FAILED), summary.count(TaskStatus.RETRYING),
                    summary.count(TaskStatus.SKIPPED), summary.totalBytes(), summary.copiedBytes(), summary.progress(),
                    Percent.of(summary.progress()), throughput.isPresent() ? throughput.getAsLong() : null);
        }
    }

    /**
     * One task, with the seed's fields: {@code id} (also as {@code task_id}), {@code job_id},
     * {@code source_file} and {@code sink_file} (where the file is read and written, as paths
     * relative to the base directory, like the job's {@code source_path}: never absolute, which
     * would disclose the base), {@code progress} as a fraction from 0.0 to 1.0 (and as
     * {@code percent}), {@code checksum} and {@code slave_id}. {@code file_path} is the path
     * inside the job's source. {@code kind} is {@code file}, {@code directory} (an empty one) or {@code symlink}
     * (then {@code link_target} is the link's target); {@code resumes} and {@code reread_bytes}
     * say how often a copy went on from a checkpoint another (or a crashed) worker left, and
     * how many source bytes that read twice. {@code next_attempt_at} is when the file is tried
     * again: a {@code retrying} task's next attempt, or when a later scan takes a {@code failed}
     * task's file again (null when nothing is planned).
     */
    @JsonbPropertyOrder({"id", "taskId", "jobId", "filePath", "sourceFile", "sinkFile", "kind", "status", "fileSize",
        "copiedBytes", "progress", "percent", "checksum", "slaveId", "attempts", "lastError", "linkTarget", "resumes", "rereadBytes", "createdAt",
        "updatedAt", "startedAt", "completedAt", "nextAttemptAt"})
    public record TaskView(UUID id, UUID taskId, UUID jobId, String filePath, String sourceFile, String sinkFile,
            String kind, String status, long fileSize, long copiedBytes, double progress, double percent, String checksum, String slaveId, int attempts, String lastError,
            String linkTarget, int resumes, long rereadBytes, Instant createdAt, Instant updatedAt, Instant startedAt,
            Instant completedAt, Instant nextAttemptAt) {

        public static TaskView of(Task task, TaskPaths paths) {
            return new TaskView(task.id(), task.id(), task.jobId(), task.filePath(), paths.sourceFile(task.filePath()),
                    paths.sinkFile(task.filePath()), task.kind().apiName(), task.status().apiName(), task.fileSize(),
                    task.copiedBytes(), task.progress(), Percent.of(task.progress()), task.checksum(),
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
