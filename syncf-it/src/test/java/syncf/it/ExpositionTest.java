package syncf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The strict reading of the text format that the metrics tests hold every scrape to. */
class ExpositionTest {

    static final String GOOD = """
            # HELP syncf_jobs Jobs in each state
            # TYPE syncf_jobs gauge
            syncf_jobs{state="running"} 1.0
            syncf_jobs{state="paused"} NaN
            # HELP syncf_copied_bytes_total Bytes \\\\ copied\\n again
            # TYPE syncf_copied_bytes_total counter
            syncf_copied_bytes_total 3000012.0
            # TYPE syncf_copy_duration_seconds histogram
            syncf_copy_duration_seconds_bucket{message="single",le="0.5"} 1
            syncf_copy_duration_seconds_bucket{message="single",le="+Inf"} 2
            syncf_copy_duration_seconds_count{message="single"} 2
            syncf_copy_duration_seconds_sum{message="single"} 1.5
            # TYPE syncf_worker_info gauge
            syncf_worker_info{worker_id="4242@host \\"a\\"\\\\b"} 1 1700000000000
            """;

    @Test
    void aWellFormedScrapeIsReadFamilyByFamily() {
        Exposition read = Exposition.parse(GOOD);
        assertEquals(1.0, read.value("syncf_jobs", "state", "running"));
        assertTrue(Double.isNaN(read.value("syncf_jobs", "state", "paused")));
        assertEquals("Bytes \\ copied\n again", read.families().get("syncf_copied_bytes_total").help());
        assertEquals(2.0, read.value("syncf_copy_duration_seconds_bucket", "le", "+Inf"));
        assertEquals(1.0, read.value("syncf_worker_info", "worker_id", "4242@host \"a\"\\b"));
        assertEquals("histogram", read.families().get("syncf_copy_duration_seconds").type());
    }

    @Test
    void everyBreachOfTheFormatIsRefusedWithItsLine() {
        refused("syncf_jobs 1.0\n", "no family declared");
        refused("# TYPE syncf_jobs gauge\n# TYPE syncf_jobs gauge\n", "a second TYPE");
        refused("# TYPE syncf_jobs gauge\nsyncf_jobs 1\n# TYPE syncf_tasks gauge\nsyncf_tasks 1\nsyncf_jobs{a=\"b\"} 1\n",
                "apart from its others");
        refused("# TYPE syncf_jobs gauge\nsyncf_jobs 1\nsyncf_jobs 2\n", "the same series twice");
        refused("# TYPE syncf_jobs gauge\nsyncf_jobs{state=\"a\\t\"} 1\n", "an escape");
        refused("# TYPE syncf_jobs gauge\nsyncf_jobs{state=\"a\"} one\n", "not a float");
        refused("# TYPE syncf_jobs gauge\nsyncf_jobs{state=\"a\" 1\n", "line 2");
        refused("# TYPE syncf_jobs gauge\nsyncf_jobs{state=\"a\",state=\"b\"} 1\n", "twice");
        refused("# TYPE syncf_x_total counter\nsyncf_x_total -1\n", "a negative counter");
        refused("# TYPE syncf_jobs gauge\nsyncf_jobs 1", "line feed");
        refused("# TYPE syncf_d_seconds histogram\nsyncf_d_seconds_bucket{le=\"1\"} 2\nsyncf_d_seconds_bucket{le=\"+Inf\"} 1\n"
                + "syncf_d_seconds_count 1\n", "not cumulative");
        refused("# TYPE syncf_d_seconds histogram\nsyncf_d_seconds_bucket{le=\"+Inf\"} 1\nsyncf_d_seconds_count 2\n",
                "the +Inf bucket is not the count");
        refused("# TYPE 1syncf gauge\n", "not a metric name");
    }

    static void refused(String text, String breach) {
        AssertionError refused = assertThrows(AssertionError.class, () -> Exposition.parse(text), text);
        assertTrue(refused.getMessage().contains(breach), refused::getMessage);
    }
}
