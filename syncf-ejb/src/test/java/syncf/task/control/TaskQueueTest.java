package syncf.task.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaskQueueTest {

    @Test
    void aBodyIsTheIdsOnePerLine() {
        List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID());
        assertEquals(ids, TaskQueue.idsOf(TaskQueue.bodyOf(ids)));
        assertEquals(ids, TaskQueue.idsOf("\n " + ids.get(0) + " \r\n\n" + ids.get(1) + "\n"), "blanks and CRLF are fine");
        assertEquals(List.of(), TaskQueue.idsOf(""));
    }

    @Test
    void saysWhichLineIsNotATaskId() {
        String body = UUID.randomUUID() + "\nhello, I am no task id";
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> TaskQueue.idsOf(body));
        assertEquals("line 2 is not a task id: 'hello, I am no task id'", refused.getMessage());
        IllegalArgumentException longLine = assertThrows(IllegalArgumentException.class,
                () -> TaskQueue.idsOf("y".repeat(500)));
        assertEquals("line 1 is not a task id: '" + "y".repeat(60) + "...'", longLine.getMessage());
    }
}
