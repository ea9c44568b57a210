package syncf.scan.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;
import syncf.task.entity.EntryKind;

/**
 * The version of one source entry (a file, an empty directory, a symbolic link) that a job has
 * already taken a task for: its kind, size and modification time when that task was created. A
 * scan that finds the same creates no task; any difference is a change, and a new task. An
 * empty directory is the same version as long as it is still a directory. When the task for a
 * version fails, a later scan takes another for the same version ({@code failures} counts them,
 * for the backoff of {@code RetakeRule}).
 */
@Entity
@Table(name = "known_file")
@NamedQuery(name = KnownFile.IN_DIRECTORY,
        query = "select k from KnownFile k where k.jobId = :jobId and k.dirKey = :dirKey and k.name in :names")
public class KnownFile {

    public static final String IN_DIRECTORY = "KnownFile.inDirectory";
    /** The longest directory path kept whole in the key; V6 migrates by the same rule. */
    static final int KEY_PATH_BYTES = 1000;

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "job_id", nullable = false, length = 36)
    private String jobId;

    @Column(name = "dir_path", nullable = false)
    private String dirPath;

    /** What the lookups and the unique index use: {@link #keyOf}. */
    @Column(name = "dir_key", nullable = false)
    private String dirKey;

    @Column(name = "name", nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(name = "kind", nullable = false)
    private EntryKind kind;

    @Column(name = "file_size", nullable = false)
    private long fileSize;

    @Column(name = "modified_at", nullable = false)
    private long modifiedAt;

    @Column(name = "task_id", nullable = false, length = 36)
    private String taskId;

    /** Tasks for this version that failed before the current one: each failure doubles the wait for the next. */
    @Column(name = "failures", nullable = false)
    private int failures;

    @Version
    @Column(name = "version")
    private long version;

    protected KnownFile() {
        // for JPA
    }

    public KnownFile(UUID jobId, String dirPath, String name, EntryKind kind, long fileSize, long modifiedAt,
            UUID taskId) {
        this.id = UUID.randomUUID().toString();
        this.jobId = Objects.requireNonNull(jobId, "jobId").toString();
        this.dirPath = Objects.requireNonNull(dirPath, "dirPath");
        this.dirKey = keyOf(dirPath);
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.fileSize = fileSize;
        this.modifiedAt = modifiedAt;
        this.taskId = Objects.requireNonNull(taskId, "taskId").toString();
    }

    /**
     * The directory as the index knows it: its path when it is at most {@value #KEY_PATH_BYTES}
     * bytes, else {@code "/"} and the SHA-256 of the path (no relative path starts with a slash).
     * A path may be 4095 bytes long, and PostgreSQL cannot index values past about 2700 bytes.
     */
    public static String keyOf(String dirPath) {
        byte[] bytes = dirPath.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= KEY_PATH_BYTES) {
            return dirPath;
        }
        try {
            return "/" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public boolean isSameVersion(EntryKind foundKind, long size, long modified) {
        if (foundKind != kind) {
            return false;
        }
        return kind == EntryKind.DIRECTORY || fileSize == size && modifiedAt == modified;
    }

    /** A changed version was found and a new task taken for it. */
    public void changedTo(EntryKind foundKind, long size, long modified, UUID task) {
        kind = foundKind;
        fileSize = size;
        modifiedAt = modified;
        taskId = task.toString();
        failures = 0;
    }

    /** The current task failed, and a later scan took a new one for the same version. */
    public void retaken(UUID task) {
        taskId = task.toString();
        failures++;
    }

    public int failures() {
        return failures;
    }

    public EntryKind kind() {
        return kind;
    }

    /** The task taken for the version last found. */
    public String taskId() {
        return taskId;
    }

    public String name() {
        return name;
    }
}
