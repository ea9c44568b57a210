package syncf.job.entity;

import static syncf.job.entity.JobStatus.KILLED;
import static syncf.job.entity.JobStatus.PAUSED;
import static syncf.job.entity.JobStatus.RUNNING;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import syncf.storage.entity.StorageType;

/**
 * A standing order to keep a sink in step with a source: while running, the source is
 * rescanned every {@link #interval()} and each new or changed file is copied. The job owns
 * its state rules: only a running job pauses, only a paused job resumes, and a killed job
 * never changes again. Paths are relative to the base directory and were confined to it
 * before the job was created.
 */
@Entity
@Table(name = "sync_job")
@NamedQuery(name = Job.NEWEST_FIRST, query = "select j from Job j order by j.createdAt desc, j.id")
@NamedQuery(name = Job.COUNT, query = "select count(j) from Job j")
@NamedQuery(name = Job.COUNT_BY_STATUS, query = "select j.status, count(j) from Job j group by j.status")
@NamedQuery(name = Job.WITH_STATUS, query = "select j from Job j where j.status = :status")
@NamedQuery(name = Job.RUNNING_AMONG,
        query = "select j.id from Job j where j.id in :ids and j.status = syncf.job.entity.JobStatus.RUNNING")
@NamedQuery(name = Job.SCANNED, query = "update Job j set j.lastScanAt = :at, j.lastScanError = :error where j.id = :id")
public class Job {

    public static final String NEWEST_FIRST = "Job.newestFirst";
    public static final String COUNT = "Job.count";
    public static final String COUNT_BY_STATUS = "Job.countByStatus";
    public static final String WITH_STATUS = "Job.withStatus";
    /** The running jobs among some ids. */
    public static final String RUNNING_AMONG = "Job.runningAmong";
    /** Scan results are written without a version bump, so a scan never makes a user's pause conflict. */
    public static final String SCANNED = "Job.scanned";

    /** A string column: one portable type on SQLite and PostgreSQL (JPA converters never apply to ids). */
    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "source_path", nullable = false)
    private String sourcePath;

    @Column(name = "sink_path", nullable = false)
    private String sinkPath;

    @Enumerated(EnumType.STRING)
    @Column(name = "source_type", nullable = false)
    private StorageType sourceType;

    @Enumerated(EnumType.STRING)
    @Column(name = "sink_type", nullable = false)
    private StorageType sinkType;

    @Column(name = "interval_ms", nullable = false)
    private long intervalMillis;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    private JobStatus status;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "last_scan_at")
    private Instant lastScanAt;

    @Column(name = "last_scan_error")
    private String lastScanError;

    @Version
    @Column(name = "version")
    private long version;

    protected Job() {
        // for JPA
    }

    public Job(String sourcePath, StorageType sourceType, String sinkPath, StorageType sinkType, Interval interval) {
        this.id = UUID.randomUUID().toString();
        this.sourcePath = Objects.requireNonNull(sourcePath, "sourcePath");
        this.sourceType = Objects.requireNonNull(sourceType, "sourceType");
        this.sinkPath = Objects.requireNonNull(sinkPath, "sinkPath");
        this.sinkType = Objects.requireNonNull(sinkType, "sinkType");
        this.intervalMillis = Objects.requireNonNull(interval, "interval").toMillis();
        this.status = RUNNING;
        this.createdAt = now();
        this.updatedAt = createdAt;
    }

    /** Stops rescanning; copies in flight stop at their next checkpoint and keep it. */
    public void pause() {
        if (status != RUNNING) {
            throw new IllegalTransition(id(), status, "pause", "only a running job can be paused");
        }
        changeTo(PAUSED);
    }

    /** Rescans again and carries on from the checkpoints the pause kept. */
    public void resume() {
        if (status != PAUSED) {
            throw new IllegalTransition(id(), status, "resume", "only a paused job can be resumed");
        }
        changeTo(RUNNING);
    }

    /** Ends the job for good: nothing more is scanned or written for it. */
    public void kill() {
        if (status == KILLED) {
            throw new IllegalTransition(id(), status, "kill", "a killed job never changes again");
        }
        changeTo(KILLED);
    }

    private void changeTo(JobStatus next) {
        status = next;
        updatedAt = now();
    }

    /** The database keeps milliseconds; so does the entity, so what is read back equals what was written. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public UUID id() {
        return UUID.fromString(id);
    }

    public String sourcePath() {
        return sourcePath;
    }

    public String sinkPath() {
        return sinkPath;
    }

    public StorageType sourceType() {
        return sourceType;
    }

    public StorageType sinkType() {
        return sinkType;
    }

    public Interval interval() {
        return Interval.ofMillis(intervalMillis);
    }

    public JobStatus status() {
        return status;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** When the source was last scanned to the end, or null before the first scan. */
    public Instant lastScanAt() {
        return lastScanAt;
    }

    /** Why the last scan could not read the source, or null when it could. */
    public String lastScanError() {
        return lastScanError;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Job job && id.equals(job.id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "Job[" + id + " " + status + " " + sourcePath + " -> " + sinkPath + "]";
    }
}
