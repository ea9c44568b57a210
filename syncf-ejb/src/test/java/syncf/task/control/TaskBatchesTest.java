package syncf.task.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import syncf.task.entity.EntryKind;

class TaskBatchesTest {

    private static final UUID JOB = UUID.randomUUID();
    private final TaskBatches batches = new TaskBatches(3, 10_000, 4_096);

    @Test
    void smallFilesShareMessagesUpToTheFileLimit() {
        List<DispatchItem> files = files(JOB, 7, 100);
        List<List<UUID>> messages = batches.pack(files);
        assertEquals(List.of(3, 3, 1), messages.stream().map(List::size).toList());
        assertEquals(files.stream().map(DispatchItem::taskId).toList(), messages.stream().flatMap(List::stream).toList(),
                "every task once, in order");
    }

    @Test
    void aBatchStopsBeforeItsBytesPassTheLimit() {
        List<List<UUID>> messages = batches.pack(files(JOB, 4, 4_000));
        assertEquals(List.of(2, 2), messages.stream().map(List::size).toList());
    }

    @Test
    void aLargeFileTravelsAloneAndOnTheChunkedPath() {
        DispatchItem large = new DispatchItem(UUID.randomUUID(), JOB, EntryKind.FILE, 4_097);
        List<DispatchItem> items = new ArrayList<>(files(JOB, 2, 10));
        items.add(1, large);
        List<List<UUID>> messages = batches.pack(items);
        assertEquals(List.of(List.of(large.taskId()), List.of(items.get(0).taskId(), items.get(2).taskId())), messages);
    }

    @Test
    void directoriesAndLinksJoinBatchesAndJobsNeverMix() {
        UUID other = UUID.randomUUID();
        List<DispatchItem> items = List.of(new DispatchItem(UUID.randomUUID(), JOB, EntryKind.DIRECTORY, 0),
                new DispatchItem(UUID.randomUUID(), other, EntryKind.SYMLINK, 12),
                new DispatchItem(UUID.randomUUID(), JOB, EntryKind.FILE, 5));
        List<List<UUID>> messages = batches.pack(items);
        assertEquals(List.of(List.of(items.get(0).taskId(), items.get(2).taskId()), List.of(items.get(1).taskId())),
                messages);
    }

    @Test
    void oneFilePerMessageTurnsBatchingOff() {
        assertEquals(5, new TaskBatches(1, 10_000, 4_096).pack(files(JOB, 5, 1)).size());
        assertThrows(IllegalArgumentException.class, () -> new TaskBatches(0, 1, 1));
    }

    private static List<DispatchItem> files(UUID job, int count, long size) {
        return IntStream.range(0, count).mapToObj(i -> new DispatchItem(UUID.randomUUID(), job, EntryKind.FILE, size))
                .toList();
    }
}
