package syncf.task.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import syncf.task.entity.EntryKind;

/**
 * Packs tasks into messages. A message per 4 KiB file costs more than copying the file (a
 * message, a claim, a completion, each a round trip), so small files travel together: up to
 * {@code maxFiles} files of at most {@code smallFileBytes} each and {@code maxBytes} in all, of
 * one job, go in one message, which a worker claims, copies and completes as one batch. A
 * larger file travels alone, on the chunked, checkpointed path that resumes inside the file.
 * Directories and links carry no bytes and join batches. Order is kept within each message.
 *
 * @param maxFiles       1 turns batching off: one message per task
 */
public record TaskBatches(int maxFiles, long maxBytes, long smallFileBytes) {

    public TaskBatches {
        if (maxFiles < 1) {
            throw new IllegalArgumentException("a message carries at least one task: " + maxFiles);
        }
        if (maxBytes < 0 || smallFileBytes < 0) {
            throw new IllegalArgumentException("byte limits must not be negative: " + maxBytes + ", " + smallFileBytes);
        }
    }

    /** Whether this task may share a message with others. */
    public boolean batches(EntryKind kind, long size) {
        return kind != EntryKind.FILE || size <= smallFileBytes && size <= maxBytes;
    }

    /** The messages to send, each a list of task ids: alone or batched, never mixing jobs. */
    public List<List<UUID>> pack(List<DispatchItem> items) {
        List<List<UUID>> messages = new ArrayList<>();
        Map<UUID, Open> open = new LinkedHashMap<>();
        for (DispatchItem item : items) {
            if (maxFiles == 1 || !batches(item.kind(), item.size())) {
                messages.add(List.of(item.taskId()));
                continue;
            }
            Open batch = open.get(item.jobId());
            if (batch != null && (batch.ids.size() == maxFiles || batch.bytes + item.size() > maxBytes)) {
                messages.add(List.copyOf(batch.ids));
                batch = null;
            }
            if (batch == null) {
                batch = new Open();
                open.put(item.jobId(), batch);
            }
            batch.ids.add(item.taskId());
            batch.bytes += item.size();
        }
        open.values().forEach(batch -> messages.add(List.copyOf(batch.ids)));
        return messages;
    }

    private static final class Open {
        private final List<UUID> ids = new ArrayList<>();
        private long bytes;
    }
}
