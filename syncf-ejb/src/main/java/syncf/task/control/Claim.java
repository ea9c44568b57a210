package syncf.task.control;

import java.util.UUID;

/** What a worker needs to copy the task it now holds: where from, where to, which version, from which offset. */
public record Claim(UUID taskId, UUID jobId, String sourcePath, String sinkPath, String filePath, long fileSize,
        long sourceModifiedAt, long copiedBytes, int attempts) {
}
