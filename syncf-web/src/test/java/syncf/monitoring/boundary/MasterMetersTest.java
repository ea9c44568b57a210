package syncf.monitoring.boundary;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import syncf.job.entity.JobStatus;
import syncf.task.control.TaskSummary;
import syncf.task.entity.TaskStatus;

class MasterMetersTest {

    final MasterMeters meters = new MasterMeters();

    static final JobFigures FIGURES = new JobFigures(Map.of(JobStatus.RUNNING, 2L, JobStatus.PAUSED, 1L),
            new TaskSummary(Map.of(TaskStatus.COMPLETED, 7L, TaskStatus.IN_PROGRESS, 1L, TaskStatus.PENDING, 3L),
                    4096, 1024), 3, 500);

    @Test
    void jobsTasksBytesAndTheQueueAreTheFiguresOfTheScrape() {
        String text = meters.scrape(() -> FIGURES);
        assertLines(text, "# TYPE syncf_jobs gauge", "syncf_jobs{state=\"running\"} 2.0", "syncf_jobs{state=\"paused\"} 1.0",
                "syncf_jobs{state=\"killed\"} 0.0",
                "# TYPE syncf_tasks gauge", "syncf_tasks{state=\"completed\"} 7.0", "syncf_tasks{state=\"in_progress\"} 1.0",
                "syncf_tasks{state=\"pending\"} 3.0", "syncf_tasks{state=\"retrying\"} 0.0", "syncf_tasks{state=\"failed\"} 0.0",
                "syncf_tasks{state=\"skipped\"} 0.0",
                "# TYPE syncf_jobs_size_bytes gauge", "syncf_jobs_size_bytes 4096.0",
                "# TYPE syncf_jobs_copied_bytes gauge", "syncf_jobs_copied_bytes 1024.0",
                "# TYPE syncf_dispatch_queue_tasks gauge", "syncf_dispatch_queue_tasks 3.0");
        String later = meters.scrape(() -> new JobFigures(Map.of(JobStatus.PAUSED, 3L), FIGURES.tasks(), 0, 0));
        assertLines(later, "syncf_jobs{state=\"running\"} 0.0", "syncf_jobs{state=\"paused\"} 3.0",
                "syncf_dispatch_queue_tasks 0.0");
    }

    @Test
    void figuresThatCannotBeReadAreNotANumberAndTheScanCountersStillAnswer() {
        meters.scanned(Duration.ofMillis(70), 12);
        String text = meters.scrape(() -> {
            throw new IllegalStateException("the database is not there");
        });
        assertLines(text, "syncf_jobs{state=\"running\"} NaN", "syncf_tasks{state=\"completed\"} NaN",
                "syncf_dispatch_queue_tasks NaN", "syncf_scan_entries_total 12.0", "syncf_scan_duration_seconds_count 1");
    }

    @Test
    void eachScanIsTimedInBucketsOfSecondsAndItsEntriesCounted() {
        meters.scanned(Duration.ofMillis(70), 12);
        meters.scanned(Duration.ofSeconds(3), 1000);
        String text = meters.scrape(() -> FIGURES);
        assertLines(text, "# TYPE syncf_scan_duration_seconds histogram",
                "syncf_scan_duration_seconds_bucket{le=\"0.05\"} 0", "syncf_scan_duration_seconds_bucket{le=\"0.1\"} 1",
                "syncf_scan_duration_seconds_bucket{le=\"2.5\"} 1", "syncf_scan_duration_seconds_bucket{le=\"5.0\"} 2",
                "syncf_scan_duration_seconds_bucket{le=\"+Inf\"} 2", "syncf_scan_duration_seconds_count 2",
                "syncf_scan_duration_seconds_sum 3.07",
                "# TYPE syncf_scan_entries_total counter", "syncf_scan_entries_total 1012.0");
    }

    static void assertLines(String text, String... lines) {
        List<String> have = text.lines().toList();
        for (String line : lines) {
            assertTrue(have.contains(line), () -> "no line \"" + line + "\" in\n" + text);
        }
    }
}
