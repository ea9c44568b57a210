package syncf.task.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * The copy of one entry of a job (a file, an empty directory or a symbolic link), from its
 * source path to the same relative path under the sink. {@code copiedBytes} doubles as the
 * resume checkpoint: it only moves forward, in the same transaction that reports progress, so
 * a copy cut off anywhere resumes from there.
 */
@Entity
@Table(name = "sync_task")
@NamedQuery(name = Task.OF_JOB, query = "select t from Task t where t.jobId = :jobId order by t.createdAt, t.filePath, t.id")
@NamedQuery(name = Task.OF_JOB_WITH_STATUS,
        query = "select t from Task t where t.jobId = :jobId and t.status = :status order by t.createdAt, t.filePath, t.id")
@NamedQuery(name = Task.SUPERSEDE,
        query = "update Task t set t.status = syncf.task.entity.TaskStatus.FAILED, t.lastError = :reason,"
                + " t.leaseUntil = null, t.nextAttemptAt = null, t.updatedAt = :now, t.version = t.version + 1"
                + " where t.id in :ids and t.status in (syncf.task.entity.TaskStatus.PENDING,"
                + " syncf.task.entity.TaskStatus.RETRYING, syncf.task.entity.TaskStatus.IN_PROGRESS)")
@NamedQuery(name = Task.PUBLISHED, query = "update Task t set t.publishedAt = :now where t.id in :ids")
@NamedQuery(name = Task.DUE_UNPUBLISHED,
        query = "select t.id, t.jobId, t.kind, t.fileSize from Task t where t.publishedAt is null and t.createdAt < :fresh and (t.status = syncf.task.entity.TaskStatus.PENDING"
                + " or (t.status = syncf.task.entity.TaskStatus.RETRYING and t.nextAttemptAt <= :now)"
                + " or (t.status = syncf.task.entity.TaskStatus.IN_PROGRESS and (t.leaseUntil is null or t.leaseUntil < :now)))"
                + " and t.jobId in (select j.id from Job j where j.status = syncf.job.entity.JobStatus.RUNNING)"
                + " order by t.createdAt")
@NamedQuery(name = Task.LAST_CHANGE_OF_RUNNING_JOBS,
        query = "select max(t.updatedAt) from Task t where t.jobId in"
                + " (select j.id from Job j where j.status = syncf.job.entity.JobStatus.RUNNING)")
@NamedQuery(name = Task.DUE_AGAIN,
        query = "select t.id, t.jobId, t.kind, t.fileSize from Task t where t.publishedAt < :stale and (t.status = syncf.task.entity.TaskStatus.PENDING"
                + " or (t.status = syncf.task.entity.TaskStatus.RETRYING and t.nextAttemptAt <= :now)"
                + " or (t.status = syncf.task.entity.TaskStatus.IN_PROGRESS and (t.leaseUntil is null or t.leaseUntil < :now)))"
                + " and t.jobId in (select j.id from Job j where j.status = syncf.job.entity.JobStatus.RUNNING)"
                + " order by t.createdAt")
// a holder that renews its lease checkpoints before it runs out: one that ran out, not published
// since, was held by a worker that died (or hangs); the sweep then publishes it at once
@NamedQuery(name = Task.DUE_AFTER_LEASE,
        query = "select t.id, t.jobId, t.kind, t.fileSize from Task t where t.status = syncf.task.entity.TaskStatus.IN_PROGRESS"
                + " and t.leaseUntil < :now and t.publishedAt < t.leaseUntil"
                + " and t.jobId in (select j.id from Job j where j.status = syncf.job.entity.JobStatus.RUNNING)"
                + " order by t.leaseUntil")
@NamedQuery(name = Task.NEXT_LEASE_END,
        query = "select min(t.leaseUntil) from Task t where t.status = syncf.task.entity.TaskStatus.IN_PROGRESS"
                + " and t.leaseUntil >= :now"
                + " and t.jobId in (select j.id from Job j where j.status = syncf.job.entity.JobStatus.RUNNING)")
@NamedQuery(name = Task.CLAIM_FRESH,
        query = "update Task t set t.status = syncf.task.entity.TaskStatus.IN_PROGRESS, t.slaveId = :worker,"
                + " t.leaseUntil = :until, t.attempts = t.attempts + 1, t.startedAt = :now, t.updatedAt = :now,"
                + " t.nextAttemptAt = null, t.version = t.version + 1"
                + " where t.id = :id and t.status in (syncf.task.entity.TaskStatus.PENDING, syncf.task.entity.TaskStatus.RETRYING)")
@NamedQuery(name = Task.CLAIM_CONTINUATION,
        query = "update Task t set t.slaveId = :worker, t.leaseUntil = :until, t.updatedAt = :now, t.version = t.version + 1"
                + " where t.id = :id and t.status = syncf.task.entity.TaskStatus.IN_PROGRESS"
                + " and (t.leaseUntil is null or t.leaseUntil < :now)")
@NamedQuery(name = Task.CLAIM_BATCH_FRESH,
        query = "update Task t set t.status = syncf.task.entity.TaskStatus.IN_PROGRESS, t.slaveId = :worker,"
                + " t.leaseUntil = :until, t.attempts = t.attempts + 1, t.startedAt = :now, t.updatedAt = :now,"
                + " t.nextAttemptAt = null, t.claimId = :claim, t.version = t.version + 1"
                + " where t.id in :ids and t.status in (syncf.task.entity.TaskStatus.PENDING, syncf.task.entity.TaskStatus.RETRYING)"
                + " and t.jobId in :jobIds")
@NamedQuery(name = Task.CLAIM_BATCH_CONTINUATION,
        query = "update Task t set t.slaveId = :worker, t.leaseUntil = :until, t.updatedAt = :now, t.claimId = :claim,"
                + " t.version = t.version + 1"
                + " where t.id in :ids and t.status = syncf.task.entity.TaskStatus.IN_PROGRESS"
                + " and (t.leaseUntil is null or t.leaseUntil < :now)"
                + " and t.jobId in :jobIds")
// the running jobs are a parameter, not a subquery: EclipseLink turns an update whose where holds a
// subquery into "where exists (select ... from sync_task t0 ... and t0.id = sync_task.id)", which
// SQLite evaluates for every row of the table (measured: a 100-task claim took 65 ms at 60,000 rows)
@NamedQuery(name = Task.JOBS_AMONG, query = "select distinct t.jobId from Task t where t.id in :ids")
@NamedQuery(name = Task.IDS_AMONG, query = "select t.id from Task t where t.id in :ids")
@NamedQuery(name = Task.CLAIMED, query = "select t from Task t where t.id in :ids and t.claimId = :claim")
@NamedQuery(name = Task.AMONG, query = "select t from Task t where t.id in :ids")
@NamedQuery(name = Task.CHECKPOINT_OWNED,
        query = "update Task t set t.copiedBytes = :offset, t.stageState = :stageState, t.digestState = :digestState,"
                + " t.leaseUntil = :until, t.updatedAt = :now, t.version = t.version + 1"
                + " where t.id = :id and t.slaveId = :worker and t.status = syncf.task.entity.TaskStatus.IN_PROGRESS"
                + " and t.copiedBytes < :offset")
@NamedQuery(name = Task.STAGE_CLAIMED,
        query = "select count(t) from Task t where t.stageState like :line escape '!' and t.status in"
                + " (syncf.task.entity.TaskStatus.PENDING, syncf.task.entity.TaskStatus.IN_PROGRESS,"
                + " syncf.task.entity.TaskStatus.RETRYING)")
@NamedQuery(name = Task.RENEW_OWNED,
        query = "update Task t set t.leaseUntil = :until, t.updatedAt = :now, t.version = t.version + 1"
                + " where t.id in :ids and t.slaveId = :worker and t.status = syncf.task.entity.TaskStatus.IN_PROGRESS")
@NamedQuery(name = Task.END_OF_JOB,
        query = "update Task t set t.status = syncf.task.entity.TaskStatus.FAILED, t.lastError = :reason,"
                + " t.leaseUntil = null, t.nextAttemptAt = null, t.updatedAt = :now, t.version = t.version + 1"
                + " where t.jobId = :jobId and t.status in (syncf.task.entity.TaskStatus.PENDING,"
                + " syncf.task.entity.TaskStatus.RETRYING, syncf.task.entity.TaskStatus.IN_PROGRESS)")
// a failed task's next_attempt_at is when a later scan takes its file again (RetakeRule); null once it did
// job and status first: SQLite then walks the job's few failed tasks (index sync_task_job_status), not the ids
@NamedQuery(name = Task.FAILED_AMONG,
        query = "select t.id, t.updatedAt, t.nextAttemptAt from Task t where t.jobId = :jobId"
                + " and t.status = syncf.task.entity.TaskStatus.FAILED and t.id in :ids")
@NamedQuery(name = Task.FAILED_OF_JOB,
        query = "select count(t) from Task t where t.jobId = :jobId and t.status = syncf.task.entity.TaskStatus.FAILED")
@NamedQuery(name = Task.RETAKE_AT,
        query = "update Task t set t.nextAttemptAt = :at, t.version = t.version + 1"
                + " where t.id = :id and t.status = syncf.task.entity.TaskStatus.FAILED")
@NamedQuery(name = Task.RETAKEN,
        query = "update Task t set t.nextAttemptAt = null, t.version = t.version + 1"
                + " where t.id in :ids and t.status = syncf.task.entity.TaskStatus.FAILED")
public class Task {

    /** A pending or retrying task becomes this worker's, as one more attempt. */
    public static final String CLAIM_FRESH = "Task.claimFresh";
    /** An in-progress task whose lease ran out or was released (between slices) becomes this worker's. */
    public static final String CLAIM_CONTINUATION = "Task.claimContinuation";
    /** The checkpoint of the lease holder, which also renews the lease. */
    public static final String CHECKPOINT_OWNED = "Task.checkpointOwned";
    /** Unfinished tasks whose checkpoint names a stage: its id is a line of the stage state. */
    public static final String STAGE_CLAIMED = "Task.stageClaimed";
    /** The holder of a batch renews its leases while it copies: it checkpoints none of them. */
    public static final String RENEW_OWNED = "Task.renewOwned";
    /** Every unfinished task of a killed job ends. */
    public static final String END_OF_JOB = "Task.endOfJob";
    public static final String PUBLISHED = "Task.published";
    /** Unfinished tasks for a source version a scan found changed end: the new version's task copies it. */
    public static final String SUPERSEDE = "Task.supersede";
    /** Tasks never published (or whose retry is due) and not so new that the scan is still publishing them. */
    public static final String DUE_UNPUBLISHED = "Task.dueUnpublished";
    /** Tasks published long ago and still not done: their message may be lost, or only waiting in the queue. */
    public static final String DUE_AGAIN = "Task.dueAgain";
    /** Tasks whose holder let its lease run out (it died), not published since: due at once, quiet or not. */
    public static final String DUE_AFTER_LEASE = "Task.dueAfterLease";
    /** The earliest lease of a running job's task still running: when the sweep next looks for a dead holder. */
    public static final String NEXT_LEASE_END = "Task.nextLeaseEnd";
    /** When a task of a running job last changed: how the sweep tells a queue still draining from lost messages. */
    public static final String LAST_CHANGE_OF_RUNNING_JOBS = "Task.lastChangeOfRunningJobs";
    /** Pending or retrying tasks among some ids become this worker's, as one batch marked with one claim id. */
    public static final String CLAIM_BATCH_FRESH = "Task.claimBatchFresh";
    /** In-progress tasks among some ids whose lease ran out become this worker's batch. */
    public static final String CLAIM_BATCH_CONTINUATION = "Task.claimBatchContinuation";
    /** The tasks one batch claim took. */
    public static final String CLAIMED = "Task.claimed";
    /** The jobs of some tasks. */
    public static final String JOBS_AMONG = "Task.jobsAmong";
    public static final String IDS_AMONG = "Task.idsAmong";
    public static final String AMONG = "Task.among";
    public static final String OF_JOB = "Task.ofJob";
    public static final String OF_JOB_WITH_STATUS = "Task.ofJobWithStatus";
    /** The failed tasks among some ids, with when they failed and when a scan said it takes their file again. */
    public static final String FAILED_AMONG = "Task.failedAmong";
    /** How many tasks of a job are failed. */
    public static final String FAILED_OF_JOB = "Task.failedOfJob";
    /** When a scan takes a failed task's file again. */
    public static final String RETAKE_AT = "Task.retakeAt";
    /** Failed tasks whose files a scan took again with new tasks: nothing more is planned for them. */
    public static final String RETAKEN = "Task.retaken";

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "job_id", nullable = false, length = 36)
    private String jobId;

    @Column(name = "file_path", nullable = false)
    private String filePath;

    @Column(name = "file_size", nullable = false)
    private long fileSize;

    @Enumerated(EnumType.STRING)
    @Column(name = "kind", nullable = false)
    private EntryKind kind;

    /** The target of a symbolic link, exactly as the link holds it. */
    @Column(name = "link_target")
    private String linkTarget;

    @Column(name = "source_modified_at")
    private Instant sourceModifiedAt;

    /** The storage's tag of the source version (S3: the ETag), or null: a copy reads that version only. */
    @Column(name = "source_tag")
    private String sourceTag;

    @Column(name = "copied_bytes", nullable = false)
    private long copiedBytes;

    /** The sink storage's resume state at {@code copiedBytes} (CopyCheckpoint). */
    @Column(name = "stage_state")
    private String stageState;

    /** The SHA-256 state at {@code copiedBytes} (CopyCheckpoint). */
    @Column(name = "digest_state")
    private String digestState;

    @Column(name = "checksum", length = 64)
    private String checksum;

    @Column(name = "slave_id")
    private String slaveId;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    private TaskStatus status;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "last_error")
    private String lastError;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "completed_at")
    private Instant completedAt;

    @Column(name = "published_at")
    private Instant publishedAt;

    @Column(name = "lease_until")
    private Instant leaseUntil;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    /** The batch claim that last took this task: how a worker tells the rows it won from the rest. */
    @Column(name = "claim_id", length = 36)
    private String claimId;

    /** How many times a copy went on from a checkpoint another worker (or a crashed one) left. */
    @Column(name = "resumes", nullable = false)
    private int resumes;

    /** Source bytes read twice because of those resumes: what a crash cost. */
    @Column(name = "reread_bytes", nullable = false)
    private long rereadBytes;

    @Version
    @Column(name = "version")
    private long version;

    protected Task() {
        // for JPA
    }

    /** A regular file to copy. */
    public Task(UUID jobId, String filePath, long fileSize, Instant sourceModifiedAt) {
        this(jobId, filePath, fileSize, sourceModifiedAt, null);
    }

    /** A regular file to copy, of the version its storage tags {@code sourceTag} (null where it has no tags). */
    public Task(UUID jobId, String filePath, long fileSize, Instant sourceModifiedAt, String sourceTag) {
        this(jobId, EntryKind.FILE, filePath, fileSize, sourceModifiedAt, null);
        this.sourceTag = sourceTag;
    }

    private Task(UUID jobId, EntryKind kind, String filePath, long fileSize, Instant sourceModifiedAt,
            String linkTarget) {
        if (fileSize < 0) {
            throw new IllegalArgumentException("file size must not be negative: " + fileSize);
        }
        this.id = UUID.randomUUID().toString();
        this.jobId = Objects.requireNonNull(jobId, "jobId").toString();
        this.kind = kind;
        this.filePath = Objects.requireNonNull(filePath, "filePath");
        this.fileSize = fileSize;
        this.sourceModifiedAt = sourceModifiedAt;
        this.linkTarget = linkTarget;
        this.status = TaskStatus.PENDING;
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        this.updatedAt = createdAt;
    }

    /** An empty directory to create at the sink, with the source directory's modification time. */
    public static Task directory(UUID jobId, String path, Instant sourceModifiedAt) {
        return new Task(jobId, EntryKind.DIRECTORY, path, 0, sourceModifiedAt, null);
    }

    /** A symbolic link to recreate at the sink with the same target; its size is the target's length. */
    public static Task symlink(UUID jobId, String path, long size, Instant sourceModifiedAt, String target) {
        return new Task(jobId, EntryKind.SYMLINK, path, size, sourceModifiedAt, Objects.requireNonNull(target, "target"));
    }

    /** An entry of any kind the scan will not copy, final from the start, with the reason a user reads. */
    public static Task skipped(UUID jobId, EntryKind kind, String path, long size, Instant sourceModifiedAt,
            String reason) {
        Task task = new Task(jobId, kind, path, size, sourceModifiedAt, null);
        task.status = TaskStatus.SKIPPED;
        task.lastError = Objects.requireNonNull(reason, "reason");
        return task;
    }

    /** A symbolic link the scan will not copy, final from the start, with the reason a user reads. */
    public static Task skippedSymlink(UUID jobId, String path, long size, Instant sourceModifiedAt, String target,
            String reason) {
        Task task = symlink(jobId, path, size, sourceModifiedAt, target);
        task.status = TaskStatus.SKIPPED;
        task.lastError = Objects.requireNonNull(reason, "reason");
        return task;
    }

    /**
     * The copy is whole and verified: the target holds exactly the source version this task was
     * for. A file has its SHA-256; a directory or a link has none.
     */
    public void complete(String worker, String sha256) {
        requireHeldBy(worker);
        if (kind == EntryKind.FILE) {
            Objects.requireNonNull(sha256, "sha256");
        }
        status = TaskStatus.COMPLETED;
        checksum = sha256;
        copiedBytes = fileSize;
        completedAt = now();
        leaseUntil = null;
        lastError = null;
        updatedAt = completedAt;
    }

    /** This worker went on from a checkpoint it did not leave itself, reading {@code reread} source bytes again. */
    public void resumed(String worker, long reread) {
        requireHeldBy(worker);
        resumes++;
        rereadBytes += reread;
    }

    /** Between slices: the lease is let go so that any worker takes the follow-up message. */
    public void release(String worker) {
        requireHeldBy(worker);
        leaseUntil = null;
        publishedAt = now();
        updatedAt = publishedAt;
    }

    /**
     * An attempt failed: retried after {@code backoff} while attempts remain, failed for good
     * after {@code maxAttempts}. The checkpoint stays: a retry resumes where the attempt stopped.
     *
     * @return {@code RETRYING} or {@code FAILED}
     */
    public TaskStatus attemptFailed(String worker, String error, int maxAttempts, Duration backoff) {
        requireHeldBy(worker);
        lastError = error;
        leaseUntil = null;
        updatedAt = now();
        if (attempts >= maxAttempts) {
            status = TaskStatus.FAILED;
        } else {
            status = TaskStatus.RETRYING;
            nextAttemptAt = updatedAt.plus(backoff);
            publishedAt = null;
        }
        return status;
    }

    /** Ends the task for good, with no retry: the source it was for is gone or changed. */
    public void fail(String worker, String error) {
        requireHeldBy(worker);
        status = TaskStatus.FAILED;
        lastError = error;
        leaseUntil = null;
        updatedAt = now();
    }

    private void requireHeldBy(String worker) {
        if (status != TaskStatus.IN_PROGRESS || !Objects.equals(slaveId, worker)) {
            throw new LeaseLost(id(), worker);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * The fraction of the file copied, 0.0 to 1.0, as the seed's API shows it; an empty file, a
     * directory or a link is at 1.0 once completed.
     */
    public double progress() {
        if (fileSize == 0 || kind != EntryKind.FILE) {
            return status == TaskStatus.COMPLETED ? 1.0 : 0.0;
        }
        return Math.min(1.0, (double) copiedBytes / fileSize);
    }

    public UUID id() {
        return UUID.fromString(id);
    }

    public UUID jobId() {
        return UUID.fromString(jobId);
    }

    public EntryKind kind() {
        return kind;
    }

    public String linkTarget() {
        return linkTarget;
    }

    public int resumes() {
        return resumes;
    }

    public long rereadBytes() {
        return rereadBytes;
    }

    public String filePath() {
        return filePath;
    }

    public long fileSize() {
        return fileSize;
    }

    /** The storage's tag of the source version this task copies, or null. */
    public String sourceTag() {
        return sourceTag;
    }

    public Instant sourceModifiedAt() {
        return sourceModifiedAt;
    }

    public long copiedBytes() {
        return copiedBytes;
    }

    /** The last committed checkpoint of the copy. */
    public CopyCheckpoint checkpoint() {
        return new CopyCheckpoint(copiedBytes, stageState, digestState);
    }

    public String checksum() {
        return checksum;
    }

    public String slaveId() {
        return slaveId;
    }

    public TaskStatus status() {
        return status;
    }

    public int attempts() {
        return attempts;
    }

    public String lastError() {
        return lastError;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant completedAt() {
        return completedAt;
    }

    /**
     * When this task's file is tried again: a retrying task's next attempt, or, for a failed
     * one, when a later scan takes its file again with a new task; null when nothing is planned.
     */
    public Instant nextAttemptAt() {
        return status == TaskStatus.RETRYING || status == TaskStatus.FAILED ? nextAttemptAt : null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Task task && id.equals(task.id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }
}
