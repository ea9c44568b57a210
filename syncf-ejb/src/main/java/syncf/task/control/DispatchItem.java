package syncf.task.control;

import java.util.Objects;
import java.util.UUID;
import syncf.task.entity.EntryKind;

/** A task about to be published, as much of it as decides whether it travels alone or in a batch. */
public record DispatchItem(UUID taskId, UUID jobId, EntryKind kind, long size) {

    public DispatchItem {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(kind, "kind");
    }
}
