package syncf.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SyncF's metrics as Prometheus scrapes them, {@code GET /api/metrics}: a master and a worker of
 * their own (counters from zero, no other test's job) run a job of large files held to a
 * bandwidth, small files in a batch and a file blocked at the sink, and every scrape during it
 * must parse as the text format; the counters move as the job does and end at what tracking
 * shows. A node running both (the shared {@code ./syncf start}) answers both in one scrape.
 */
@ExtendWith(SharedNode.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one master and worker per class, held by the instance, not static state
class MetricsIT {

    static final int MIB = 1 << 20;
    static final int LARGE_FILES = 6;
    static final int LARGE = 3 * MIB;
    static final int SMALL_FILES = 20;
    /** Six large files, a directory of small ones, a blocked one's directory and an empty one: what the scan lists. */
    static final int ENTRIES = LARGE_FILES + 3 + SMALL_FILES + 1;
    static final Duration WAIT = Duration.ofMinutes(3);
    /**
     * One MiB/s per copy stream, four streams: while the first four large files copy (3 s each), the
     * others wait in the dispatch queue, and the bytes copied move a chunk (1 MiB) at a time. Two
     * attempts, the second soon: the blocked file is retried once, then failed.
     */
    static final Map<String, String> WORKER_SETTINGS = Map.of(
            "SYNCF_TRANSFER_CHUNK_SIZE_BYTES", Integer.toString(MIB),
            "SYNCF_TRANSFER_MAX_BYTES_PER_SECOND", Integer.toString(MIB),
            "SYNCF_TRANSFER_MAX_ATTEMPTS", "2",
            "SYNCF_TRANSFER_RETRY_BACKOFF", "PT0.2S");
    static final String WORKER_ID = "metrics-worker";
    static final Set<String> MASTER_FAMILIES = Set.of("syncf_jobs", "syncf_live_subscribers", "syncf_tasks", "syncf_jobs_size_bytes",
            "syncf_jobs_copied_bytes", "syncf_dispatch_queue_tasks", "syncf_scan_duration_seconds",
            "syncf_scan_duration_seconds_max", "syncf_scan_entries_total");
    static final Set<String> WORKER_FAMILIES = Set.of("syncf_worker_info", "syncf_worker_sessions_busy",
            "syncf_worker_active_copies", "syncf_files_copied_total", "syncf_copied_bytes_total",
            "syncf_copy_duration_seconds", "syncf_copy_duration_seconds_max", "syncf_resumes_total",
            "syncf_reread_bytes_total", "syncf_task_retries_total", "syncf_task_failures_total",
            "syncf_messages_set_aside_total");
    /** Every label SyncF's series carry: bounded sets, never a job id or a path. */
    static final Set<String> LABELS = Set.of("state", "reason", "message", "worker_id", "le");

    private final Path workDir;
    private Database database;
    private Vhost vhost;
    private Node master;
    private Node worker;

    MetricsIT() throws IOException {
        workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "metrics-");
    }

    @BeforeAll
    void startMasterAndWorker() {
        database = Database.forRun(workDir);
        Map<String, String> masterSettings = new HashMap<>();
        if (Node.ON_RABBITMQ) {
            vhost = Vhost.create();
            masterSettings.put("SYNCF_MQ_URL", vhost.url());
        }
        master = Node.start(workDir, database, masterSettings, "master");
        Map<String, String> workerSettings = new HashMap<>(WORKER_SETTINGS);
        workerSettings.put("SYNCF_MQ_URL", master.brokerUri());
        worker = Node.start(workDir, database, workerSettings, "worker", WORKER_ID);
    }

    @AfterAll
    void stop() {
        try {
            if (worker != null) {
                worker.close();
            }
            if (master != null) {
                master.close();
            }
        } finally {
            if (database != null) {
                database.close();
            }
            if (vhost != null) {
                vhost.close();
            }
        }
    }

    @Test
    void theCountersMoveAsAJobCopiesRetriesFailsAndIsPaused() throws IOException {
        Exposition fresh = scrape(master.api());
        assertEquals(MASTER_FAMILIES, fresh.families().keySet(), "the master's node has the master's metrics only");
        assertEquals(0.0, fresh.value("syncf_jobs", "state", "running"));
        assertEquals(0.0, fresh.value("syncf_scan_entries_total"));
        Exposition idle = scrape(worker.api());
        assertEquals(WORKER_FAMILIES, idle.families().keySet(), "a worker's node has the worker's metrics only");
        assertEquals(0.0, idle.value("syncf_files_copied_total"));
        assertEquals(1.0, idle.value("syncf_worker_info", "worker_id", WORKER_ID));

        Path source = Files.createDirectories(workDir.resolve("base/tree"));
        long bytes = 0;
        for (int i = 0; i < LARGE_FILES; i++) {
            Files.write(source.resolve("large-" + i + ".bin"), Content.bytes(i, LARGE));
            bytes += LARGE;
        }
        Files.createDirectories(source.resolve("small"));
        for (int i = 0; i < SMALL_FILES; i++) {
            byte[] small = Content.bytes(100 + i, 1000 + i);
            Files.write(source.resolve("small/f" + i + ".bin"), small);
            bytes += small.length;
        }
        Files.createDirectories(source.resolve("empty"));
        Files.createDirectories(source.resolve("sub"));
        Files.writeString(source.resolve("sub/x.txt"), "blocked at the sink");
        Files.writeString(Files.createDirectories(workDir.resolve("base/backup/tree")).resolve("sub"),
                "a file where the directory should go: retried, then failed");
        Reply created = master.api().post("api/jobs", Jobs.request("tree", "backup/tree", "1h"));
        assertEquals(201, created.status(), created::toString);
        String job = created.json().getString("job_id");
        int files = LARGE_FILES + SMALL_FILES;

        // while it copies: every scrape parses, the counters only grow, and they are seen on their way
        List<Reading> readings = Collections.synchronizedList(new ArrayList<>());
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            readings.add(Reading.of(scrape(master.api()), scrape(worker.api())));
            JsonObject summary = master.api().get("api/jobs/" + job + "/tracking").json().getJsonObject("summary");
            return summary.getInt("completed") == files + 1 && summary.getInt("failed") == 1;
        });
        for (int i = 1; i < readings.size(); i++) {
            Reading before = readings.get(i - 1);
            Reading now = readings.get(i);
            assertTrue(now.filesCopied() >= before.filesCopied() && now.bytesCopied() >= before.bytesCopied()
                    && now.scans() >= before.scans(), () -> "a counter went down: " + before + " -> " + now);
        }
        assertTrue(readings.stream().anyMatch(r -> r.runningJobs() == 1), () -> "the job running: " + readings);
        assertTrue(readings.stream().anyMatch(r -> r.bytesCopied() > 0 && r.bytesCopied() < LARGE_FILES * (long) LARGE),
                () -> "bytes seen on their way: " + readings);
        assertTrue(readings.stream().anyMatch(r -> r.busySessions() > 0 && r.activeCopies() > 0),
                () -> "the worker seen busy: " + readings);
        assertTrue(readings.stream().anyMatch(r -> r.queued() > 0),
                () -> "large files seen waiting in the dispatch queue: " + readings);

        JsonObject tracking = master.api().get("api/jobs/" + job + "/tracking?limit=1000").json();
        JsonObject summary = tracking.getJsonObject("summary");
        await().atMost(WAIT).untilAsserted(() -> {
            Exposition now = scrape(master.api());
            assertEquals(summary.getInt("completed"), now.value("syncf_tasks", "state", "completed"));
            assertEquals(1.0, now.value("syncf_tasks", "state", "failed"));
            assertEquals(0.0, now.value("syncf_tasks", "state", "pending") + now.value("syncf_tasks", "state", "retrying")
                    + now.value("syncf_tasks", "state", "in_progress"));
            assertEquals(summary.getJsonNumber("total_bytes").longValue(), now.value("syncf_jobs_size_bytes"));
            assertEquals(summary.getJsonNumber("copied_bytes").longValue(), now.value("syncf_jobs_copied_bytes"));
            assertEquals(0.0, now.value("syncf_dispatch_queue_tasks"));
        });
        assertEquals(bytes, summary.getJsonNumber("copied_bytes").longValue(), summary::toString);
        Exposition scanned = scrape(master.api());
        assertEquals(1.0, scanned.value("syncf_scan_duration_seconds_count"), "one scan so far");
        assertEquals(ENTRIES, scanned.value("syncf_scan_entries_total"));

        Exposition copied = scrape(worker.api());
        assertEquals(files, copied.value("syncf_files_copied_total"), "every file, and neither the directory nor the failed one");
        assertEquals(bytes, copied.value("syncf_copied_bytes_total"));
        assertEquals(1.0, copied.value("syncf_task_retries_total"), "the blocked file's first attempt");
        assertEquals(1.0, copied.value("syncf_task_failures_total", "reason", "io_error"), "its second, and last");
        assertEquals(0.0, copied.value("syncf_task_failures_total", "reason", "source_changed"));
        assertEquals(0.0, copied.value("syncf_task_failures_total", "reason", "not_allowed"));
        List<JsonObject> tasks = tracking.getJsonArray("tasks").getValuesAs(JsonObject.class);
        assertEquals(tasks.stream().mapToLong(task -> task.getInt("resumes")).sum(), copied.value("syncf_resumes_total"));
        assertEquals(tasks.stream().mapToLong(task -> task.getJsonNumber("reread_bytes").longValue()).sum(),
                copied.value("syncf_reread_bytes_total"));
        assertEquals(0.0, copied.value("syncf_messages_set_aside_total"));
        assertEquals(0.0, copied.value("syncf_worker_sessions_busy"));
        assertTrue(copied.value("syncf_copy_duration_seconds_count", "message", "single") >= LARGE_FILES,
                "a message per large file, at least");
        assertTrue(copied.value("syncf_copy_duration_seconds_count", "message", "batch") >= 1, "the small files' batch");
        assertTrue(copied.value("syncf_copy_duration_seconds_sum", "message", "single") >= LARGE_FILES,
                "3 MiB at 1 MiB/s: seconds per large file");
        assertEquals(Set.of(WORKER_ID), tasks.stream().filter(task -> !task.isNull("slave_id"))
                .map(task -> task.getString("slave_id")).collect(Collectors.toSet()), "worker_id is the tasks' slave_id");

        assertEquals(200, master.api().put("api/jobs/" + job + "/pause").status());
        await().atMost(WAIT).untilAsserted(() -> {
            Exposition paused = scrape(master.api());
            assertEquals(0.0, paused.value("syncf_jobs", "state", "running"));
            assertEquals(1.0, paused.value("syncf_jobs", "state", "paused"));
        });
        assertEquals(200, master.api().put("api/jobs/" + job + "/resume").status());
        await().atMost(WAIT).untilAsserted(() -> {
            Exposition resumed = scrape(master.api());
            assertEquals(1.0, resumed.value("syncf_jobs", "state", "running"));
            assertEquals(2.0, resumed.value("syncf_scan_duration_seconds_count"), "the resume's scan");
            assertEquals(2.0 * ENTRIES, resumed.value("syncf_scan_entries_total"));
        });
    }

    @Test
    void aNodeRunningMasterAndWorkerAnswersBothInOneScrape(Node node) {
        Exposition both = scrape(node.api());
        Set<String> expected = new java.util.HashSet<>(MASTER_FAMILIES);
        expected.addAll(WORKER_FAMILIES);
        assertEquals(expected, both.families().keySet());
        assertEquals(both.families().keySet(), scrape(node.api(), "syncf-worker/api/metrics").families().keySet(),
                "the worker's module, at its own context, answers for the whole node as well");
        Reply posted = node.api().post("api/metrics", "{}");
        assertEquals(405, posted.status(), posted::toString);
        assertTrue(posted.contentType().startsWith("application/problem+json"), posted::toString);
        Reply payaras = node.api().get("metrics");
        assertEquals(200, payaras.status(), "Payara's own MicroProfile Metrics stay at /metrics");
        assertFalse(payaras.body().contains("syncf_jobs"), "and SyncF's are not mixed into them");
    }

    /**
     * A node running master and worker, fresh, that ran one job and copied {@code files} files of
     * {@code bytes} bytes: its one scrape says so, in the names every server gives them. For the
     * EAR on Payara Server and WildFly.
     */
    static void assertOneJobCopied(Api api, int files, long bytes) {
        await().atMost(WAIT).untilAsserted(() -> {
            Exposition node = scrape(api);
            Set<String> expected = new java.util.HashSet<>(MASTER_FAMILIES);
            expected.addAll(WORKER_FAMILIES);
            assertEquals(expected, node.families().keySet());
            assertEquals(1.0, node.value("syncf_jobs", "state", "running"));
            assertEquals(files, node.value("syncf_tasks", "state", "completed"));
            assertEquals(files, node.value("syncf_files_copied_total"));
            assertEquals(bytes, node.value("syncf_copied_bytes_total"));
            assertEquals(bytes, node.value("syncf_jobs_copied_bytes"));
            assertEquals(1.0, node.value("syncf_scan_duration_seconds_count"));
        });
    }

    /** The node's metrics, held to the text format and to SyncF's conventions. */
    static Exposition scrape(Api api) {
        return scrape(api, "api/metrics");
    }

    static Exposition scrape(Api api, String path) {
        Reply reply = api.get(path);
        assertEquals(200, reply.status(), reply::toString);
        // the media type and its parameters; WildFly's Undertow writes them "text/plain; version=0.0.4;charset=utf-8"
        assertEquals(List.of("text/plain", "version=0.0.4", "charset=utf-8"), Arrays.stream(reply.contentType().split(";"))
                .map(part -> part.strip().toLowerCase(Locale.ROOT)).toList(), reply.contentType());
        Exposition read = Exposition.parse(reply.body());
        for (Exposition.Family family : read.families().values()) {
            assertTrue(family.name().startsWith("syncf_"), family::name);
            assertTrue(family.help() != null && !family.help().isBlank(), () -> family.name() + " has no HELP");
            assertTrue(!family.type().equals("counter") || family.name().endsWith("_total"), family::name);
            assertTrue(!family.type().equals("histogram") || family.name().endsWith("_seconds"), family::name);
            family.samples().forEach(sample -> assertTrue(LABELS.containsAll(sample.labels().keySet()), sample::toString));
        }
        return read;
    }

    /** What one poll saw on the master and the worker. */
    record Reading(double runningJobs, double queued, double scans, double filesCopied, double bytesCopied,
            double busySessions, double activeCopies) {

        static Reading of(Exposition master, Exposition worker) {
            return new Reading(master.value("syncf_jobs", "state", "running"), master.value("syncf_dispatch_queue_tasks"),
                    master.value("syncf_scan_duration_seconds_count"), worker.value("syncf_files_copied_total"),
                    worker.value("syncf_copied_bytes_total"), worker.value("syncf_worker_sessions_busy"),
                    worker.value("syncf_worker_active_copies"));
        }
    }
}
