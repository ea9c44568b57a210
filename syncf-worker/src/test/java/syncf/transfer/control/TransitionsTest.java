package syncf.transfer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import syncf.task.control.Settlement;
import syncf.task.entity.TaskStatus;
import syncf.worker.boundary.WorkerMeters;

/** What a batch's settlement counts: the entity decides retry or failure, the outcome says why. */
class TransitionsTest {

    final Transitions transitions = new Transitions();
    final CopyActivity activity = new CopyActivity();

    TransitionsTest() {
        activity.meters = new WorkerMeters();
        transitions.activity = activity;
    }

    @Test
    void eachTaskCountsWhatItsSettlementMadeOfIt() {
        UUID retried = UUID.randomUUID();
        UUID lastAttempt = UUID.randomUUID();
        UUID changed = UUID.randomUUID();
        UUID refused = UUID.randomUUID();
        UUID completed = UUID.randomUUID();
        UUID lost = UUID.randomUUID();
        Settlement ioError = new Settlement.AttemptFailed("disk full", Duration.ofSeconds(2));
        Map<UUID, Settlement> outcomes = new LinkedHashMap<>();
        outcomes.put(retried, ioError);
        outcomes.put(lastAttempt, ioError);
        outcomes.put(changed, new Settlement.Changed("the source changed; the next scan copies the current version"));
        outcomes.put(refused, new Settlement.Failed("source_path is not allowed"));
        outcomes.put(completed, new Settlement.Completed("ab12"));
        outcomes.put(lost, ioError);
        transitions.counted(outcomes, Map.of(retried, TaskStatus.RETRYING, lastAttempt, TaskStatus.FAILED,
                changed, TaskStatus.FAILED, refused, TaskStatus.FAILED, completed, TaskStatus.COMPLETED));
        assertEquals(1, activity.retries());
        assertEquals(1, activity.failures(FailureReason.IO_ERROR));
        assertEquals(1, activity.failures(FailureReason.SOURCE_CHANGED));
        assertEquals(1, activity.failures(FailureReason.NOT_ALLOWED));
        assertEquals(3, activity.failures(), "the task no longer held counts nothing");
    }
}
