package syncf.task.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import syncf.task.entity.TaskStatus;

class TaskSummaryTest {

    @Test
    void progressIsCopiedBytesOverBytesToCopy() {
        TaskSummary summary = new TaskSummary(Map.of(TaskStatus.COMPLETED, 1L, TaskStatus.IN_PROGRESS, 1L), 400, 300);
        assertEquals(0.75, summary.progress());
        assertEquals(2, summary.totalTasks());
        assertEquals(1.0, new TaskSummary(Map.of(TaskStatus.COMPLETED, 1L), 10, 12).progress(), "never past done");
        assertEquals(0, summary.count(TaskStatus.SKIPPED));
    }

    @Test
    void aJobOfEmptyEntriesIsDoneWhenEachIsCompletedOrSkipped() {
        assertEquals(1.0, new TaskSummary(Map.of(TaskStatus.COMPLETED, 2L, TaskStatus.SKIPPED, 1L), 0, 0).progress());
        assertEquals(0.0, new TaskSummary(Map.of(TaskStatus.PENDING, 1L, TaskStatus.SKIPPED, 1L), 0, 0).progress());
        assertEquals(0.0, new TaskSummary(Map.of(), 0, 0).progress(), "nothing found yet");
    }
}
