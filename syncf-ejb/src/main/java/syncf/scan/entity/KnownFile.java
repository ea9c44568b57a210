package syncf.scan.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.Objects;
import java.util.UUID;

/**
 * The version of one source file that a job has already taken a task for: its size and
 * modification time when that task was created. A scan that finds the same size and time
 * creates no task; any difference is a change, and a new task.
 */
@Entity
@Table(name = "known_file")
@NamedQuery(name = KnownFile.IN_DIRECTORY,
        query = "select k from KnownFile k where k.jobId = :jobId and k.dirPath = :dirPath and k.name in :names")
public class KnownFile {

    public static final String IN_DIRECTORY = "KnownFile.inDirectory";

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "job_id", nullable = false, length = 36)
    private String jobId;

    @Column(name = "dir_path", nullable = false)
    private String dirPath;

    @Column(name = "name", nullable = false)
    private String name;

    @Column(name = "file_size", nullable = false)
    private long fileSize;

    @Column(name = "modified_at", nullable = false)
    private long modifiedAt;

    @Column(name = "task_id", nullable = false, length = 36)
    private String taskId;

    @Version
    @Column(name = "version")
    private long version;

    protected KnownFile() {
        // for JPA
    }

    public KnownFile(UUID jobId, String dirPath, String name, long fileSize, long modifiedAt, UUID taskId) {
        this.id = UUID.randomUUID().toString();
        this.jobId = Objects.requireNonNull(jobId, "jobId").toString();
        this.dirPath = Objects.requireNonNull(dirPath, "dirPath");
        this.name = Objects.requireNonNull(name, "name");
        this.fileSize = fileSize;
        this.modifiedAt = modifiedAt;
        this.taskId = Objects.requireNonNull(taskId, "taskId").toString();
    }

    public boolean isSameVersion(long size, long modified) {
        return fileSize == size && modifiedAt == modified;
    }

    /** A changed version was found and a new task taken for it. */
    public void changedTo(long size, long modified, UUID task) {
        fileSize = size;
        modifiedAt = modified;
        taskId = task.toString();
    }

    public String name() {
        return name;
    }
}
