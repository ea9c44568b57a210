package syncf.transfer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import syncf.worker.boundary.WorkerMeters;

/** The worker's counters, as its MBean reads them and as its metrics show them: one count, two views. */
class CopyActivityTest {

    final CopyActivity activity = new CopyActivity();
    final WorkerMeters meters = new WorkerMeters();

    @BeforeEach
    void bind() {
        activity.meters = meters;
        meters.bind(activity, "4242@host");
    }

    @Test
    void aMessageIsBusyWhileItCopiesAndItsDurationIsRecordedOnceItEnds() {
        activity.copying(CopyActivity.Message.BATCH, 3, () -> {
            assertEquals(1, activity.busySessions());
            assertEquals(3, activity.activeCopies());
            assertLines(meters.scrape(), "syncf_worker_sessions_busy 1.0", "syncf_worker_active_copies 3.0",
                    "syncf_copy_duration_seconds_count{message=\"batch\"} 0");
            activity.copied(300);
            activity.completed(3);
        });
        assertThrows(IllegalStateException.class, () -> activity.copying(CopyActivity.Message.SINGLE, 1, () -> {
            throw new IllegalStateException("the database went away");
        }));
        assertEquals(0, activity.busySessions());
        assertEquals(0, activity.activeCopies());
        assertLines(meters.scrape(), "syncf_worker_sessions_busy 0.0", "syncf_worker_active_copies 0.0",
                "# TYPE syncf_copy_duration_seconds histogram",
                "syncf_copy_duration_seconds_count{message=\"batch\"} 1",
                "syncf_copy_duration_seconds_count{message=\"single\"} 1",
                "syncf_copy_duration_seconds_bucket{message=\"single\",le=\"+Inf\"} 1",
                "syncf_files_copied_total 3.0", "syncf_copied_bytes_total 300.0");
    }

    @Test
    void aMessageThatClaimedNothingIsNoCopy() {
        activity.copying(CopyActivity.Message.BATCH, 0, () -> assertEquals(0, activity.busySessions()));
        assertLines(meters.scrape(), "syncf_copy_duration_seconds_count{message=\"batch\"} 0");
    }

    @Test
    void resumesRetriesAndFailuresByReasonAreCountersAndTheMBeansFiguresAlike() {
        activity.resumed(1 << 20);
        activity.resumed(0);
        activity.retried();
        activity.failed(FailureReason.IO_ERROR);
        activity.failed(FailureReason.SOURCE_CHANGED);
        activity.failed(FailureReason.SOURCE_CHANGED);
        assertEquals(2, activity.resumes());
        assertEquals(1 << 20, activity.rereadBytes());
        assertEquals(3, activity.failures());
        assertLines(meters.scrape(), "# TYPE syncf_resumes_total counter", "syncf_resumes_total 2.0",
                "# TYPE syncf_reread_bytes_total counter", "syncf_reread_bytes_total 1048576.0",
                "syncf_task_retries_total 1.0",
                "# TYPE syncf_task_failures_total counter",
                "syncf_task_failures_total{reason=\"io_error\"} 1.0",
                "syncf_task_failures_total{reason=\"source_changed\"} 2.0",
                "syncf_task_failures_total{reason=\"not_allowed\"} 0.0",
                "syncf_worker_info{worker_id=\"4242@host\"} 1",
                "# TYPE syncf_messages_set_aside_total counter", "syncf_messages_set_aside_total 0.0");
    }

    static void assertLines(String text, String... lines) {
        List<String> have = text.lines().toList();
        for (String line : lines) {
            assertTrue(have.contains(line), () -> "no line \"" + line + "\" in\n" + text);
        }
    }
}
