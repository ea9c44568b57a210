package syncf.task.control;

import java.util.UUID;
import syncf.storage.entity.StorageType;
import syncf.task.entity.CopyCheckpoint;
import syncf.task.entity.EntryKind;

/**
 * What a worker needs to copy the task it now holds: where from (which storage, which path),
 * where to, what kind of entry, which version (size, modification time and the storage's tag,
 * null where it has none), from which offset; for a link, its target.
 */
public record Claim(UUID taskId, UUID jobId, StorageType sourceType, String sourcePath, StorageType sinkType,
        String sinkPath, String filePath, EntryKind kind,
        long fileSize, long sourceModifiedAt, String sourceTag, String linkTarget, CopyCheckpoint checkpoint,
        int attempts) {

    /** Where the copy goes on from: the offset of the last committed checkpoint. */
    public long copiedBytes() {
        return checkpoint.offset();
    }
}
