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
 * already taken a task for: its kind, size and modification time when that task was created,
 * and the storage's tag of it where the storage has one (on S3 the ETag; locally none). A scan
 * that finds the same creates no task; any difference is a change, and a new task: a differing
 * tag too, when both the known and the found version have one, so an object replaced by one of
 * the same size within the same second is a change. An empty directory is the same version as
 * long as it is still a directory. When the task for a version fails, a later scan takes another
 * for the same version ({@code failures} counts them, for the backoff of {@code RetakeRule}).
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

    /** The storage's tag of the version (S3: the ETag); null locally, and for versions known before V11. */
    @Column(name = "tag")
    private String tag;

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

    /** @param tag the storage's tag of the version, or null where it has none */
    public KnownFile(UUID jobId, String dirPath, String name, EntryKind kind, long fileSize, long modifiedAt,
            String tag, UUID taskId) {
        this.id = UUID.randomUUID().toString();
        this.jobId = Objects.requireNonNull(jobId, "jobId").toString();
        this.dirPath = Objects.requireNonNull(dirPath, "dirPath");
        this.dirKey = keyOf(dirPath);
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.fileSize = fileSize;
        this.modifiedAt = modifiedAt;
        this.tag = tag;
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

    /**
     * Whether the scan found this version again. A tag counts only when both sides have one: a
     * local file has none, and a version known before tags were kept has none either (it learns
     * its tag from the next scan, {@link #foundAgain}), so neither reads as a change.
     */
    public boolean isSameVersion(EntryKind foundKind, long size, long modified, String foundTag) {
        if (foundKind != kind) {
            return false;
        }
        return kind == EntryKind.DIRECTORY || fileSize == size && modifiedAt == modified
                && (tag == null || foundTag == null || tag.equals(foundTag));
    }

    /**
     * The scan found this version again ({@link #isSameVersion}); a version known without a tag
     * (kept by a SyncF older than V11) takes the one found, so that a later replacement of the
     * same size and second is seen. A write once per such entry, none otherwise.
     */
    public void foundAgain(String foundTag) {
        if (tag == null && foundTag != null) {
            tag = foundTag;
        }
    }

    /** A changed version was found and a new task taken for it. */
    public void changedTo(EntryKind foundKind, long size, long modified, String foundTag, UUID task) {
        kind = foundKind;
        fileSize = size;
        modifiedAt = modified;
        tag = foundTag;
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

    /** The storage's tag of the version known, or null. */
    public String tag() {
        return tag;
    }

    /** The task taken for the version last found. */
    public String taskId() {
        return taskId;
    }

    public String name() {
        return name;
    }
}
