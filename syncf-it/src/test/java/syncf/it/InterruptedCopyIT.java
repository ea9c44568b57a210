package syncf.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static syncf.it.Content.bytes;
import static syncf.it.Content.sha256;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import syncf.storage.control.PartFile;

/**
 * Copies cut off in every way a user can cut them: paused, killed, the source file rewritten,
 * the sink blocked, the worker killed with {@code kill -9}. A master and a worker of their own
 * (separate processes, on this run's database and broker), 1 MiB chunks, a short lease, fast
 * retries, and copies held to {@link #RATE}: each fault is injected once the copy is seen under
 * way, and each file is large enough that, at that pace, its copy cannot end within
 * {@link #WINDOW} of being seen (one chunk ahead of its checkpoint, one second of catch-up
 * allowed): a window far wider than the test's few requests, so the fault lands mid-copy by
 * construction, not by luck.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one master and worker per class, held by the instance, not static state
class InterruptedCopyIT {

    static final int MIB = 1 << 20;
    static final Duration WAIT = Duration.ofMinutes(2);
    static final int RATE = 2 * MIB;
    static final Duration WINDOW = Duration.ofSeconds(4);
    static final Map<String, String> WORKER_SETTINGS = Map.of(
            "SYNCF_TRANSFER_CHUNK_SIZE_BYTES", Integer.toString(MIB),
            "SYNCF_TRANSFER_CHUNKS_PER_SLICE", "2",
            "SYNCF_TRANSFER_MAX_BYTES_PER_SECOND", Integer.toString(RATE),
            "SYNCF_TRANSFER_LEASE", "PT5S",
            "SYNCF_TRANSFER_MAX_ATTEMPTS", "3",
            "SYNCF_TRANSFER_RETRY_BACKOFF", "PT0.2S");

    private final Path workDir;
    private Database database;
    private Vhost vhost;
    private Node master;
    private Node worker;

    InterruptedCopyIT() throws IOException {
        workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "interrupted-");
    }

    @BeforeAll
    void startMasterAndWorker() {
        database = Database.forRun(workDir);
        Map<String, String> masterSettings = new HashMap<>(Map.of("SYNCF_DISPATCH_REPUBLISH_AFTER", "PT5S"));
        if (Node.ON_RABBITMQ) {
            vhost = Vhost.create();
            masterSettings.put("SYNCF_MQ_URL", vhost.url());
        }
        master = Node.start(workDir, database, masterSettings, "master");
        worker = startWorker("worker-a");
    }

    Node startWorker(String id) {
        Map<String, String> settings = new HashMap<>(WORKER_SETTINGS);
        settings.put("SYNCF_MQ_URL", master.brokerUri());
        return Node.start(workDir, database, settings, "worker", id);
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
    void aPausedCopyStopsAtItsCheckpointAndResumesFromItToAVerifiedFile() throws IOException {
        // the throughput shows after two of the meter's 2 s samples, and is 0 over a sample in which
        // a starved worker committed no checkpoint (seen at a load of 23 on 2 cores): 8 s more than the window
        Path source = source("paused", sizeFor(2, WINDOW.plusSeconds(8)));
        String job = submit(source);
        JsonObject task = awaitCopying(job);
        long[] throughput = {0};
        await().atMost(WAIT).until(() -> {
            JsonObject summary = summary(job);
            throughput[0] = summary.isNull("throughput_bytes_per_second") ? 0
                    : summary.getJsonNumber("throughput_bytes_per_second").longValue();
            return throughput[0] > 0;
        });
        assertTrue(throughput[0] <= 2L * RATE, "one stream held to 2 MiB/s shows " + throughput[0]);

        assertEquals(200, master.api().put("api/jobs/" + job + "/pause").status());
        long stoppedAt = awaitSettled(job);
        await().atMost(WAIT).until(() -> summary(job).isNull("throughput_bytes_per_second"));

        assertTrue(stoppedAt < Files.size(source.resolve("data.bin")), "stopped mid-copy, at " + stoppedAt);
        Path target = sink(source).resolve("data.bin");
        assertFalse(Files.exists(target), "no target while the copy is paused");
        assertTrue(Files.size(partFile(target)) >= stoppedAt, "the part file holds the checkpoint");
        assertEquals("in_progress", task(job).getString("status"));

        assertEquals(200, master.api().put("api/jobs/" + job + "/resume").status());
        JsonObject done = awaitCompleted(job, "data.bin");
        assertEquals(sha256(source.resolve("data.bin")), done.getString("checksum"));
        assertEquals(1, done.getInt("attempts"), "a pause is no failed attempt");
        assertArrayEquals(Files.readAllBytes(source.resolve("data.bin")), Files.readAllBytes(target));
        assertFalse(Files.exists(partFile(target)));
        assertEquals(task.getString("task_id"), done.getString("task_id"));
    }

    @Test
    void aKilledCopyStopsAndLeavesNothingAtTheSink() throws IOException {
        Path source = source("killed", sizeFor(2, WINDOW));
        String job = submit(source);
        awaitCopying(job);

        assertEquals(200, master.api().delete("api/jobs/" + job).status());

        await().atMost(WAIT).until(() -> task(job).getString("status").equals("failed"));
        assertEquals("the job was killed", task(job).getString("last_error"));
        Path sink = sink(source);
        await().atMost(WAIT).until(() -> partFiles(sink).isEmpty());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> partFiles(sink).isEmpty() && !Files.exists(sink.resolve("data.bin")));
    }

    @Test
    void killingAPausedJobRemovesThePartFileNoWorkerHolds() throws IOException {
        Path source = source("paused-then-killed", sizeFor(2, WINDOW));
        String job = submit(source);
        awaitCopying(job);
        assertEquals(200, master.api().put("api/jobs/" + job + "/pause").status());
        awaitSettled(job);
        assertEquals(1, partFiles(sink(source)).size(), "the paused copy keeps its part file");

        assertEquals(200, master.api().delete("api/jobs/" + job).status());

        await().atMost(WAIT).until(() -> partFiles(sink(source)).isEmpty());
        assertEquals("failed", task(job).getString("status"));
    }

    @Test
    void aFileAppendedToOrTruncatedWhileCopiedIsNeverCompletedWithMixedContent() throws IOException {
        Path source = source("rewritten", sizeFor(2, WINDOW));
        Files.copy(source.resolve("data.bin"), source.resolve("shrinks.bin"));
        String job = submit(source);
        await().atMost(WAIT).until(() -> tasks(job).size() == 2
                && tasks(job).stream().allMatch(t -> t.getJsonNumber("copied_bytes").longValue() > 0));

        Files.write(source.resolve("data.bin"), bytes(3, MIB), StandardOpenOption.APPEND);
        try (RandomAccessFile file = new RandomAccessFile(source.resolve("shrinks.bin").toFile(), "rw")) {
            file.setLength(3L * MIB);
        }

        for (String name : List.of("data.bin", "shrinks.bin")) {
            String finalSha = sha256(source.resolve(name));
            await().atMost(WAIT).until(() -> tasks(job).stream().anyMatch(t -> t.getString("file_path").equals(name)
                    && t.getString("status").equals("completed") && t.getString("checksum").equals(finalSha)));
            List<JsonObject> ofFile = tasks(job).stream().filter(t -> t.getString("file_path").equals(name)).toList();
            assertTrue(ofFile.stream().anyMatch(t -> t.getString("status").equals("failed")
                    && t.getString("last_error").contains("changed")), ofFile::toString);
            assertEquals(1, ofFile.stream().filter(t -> t.getString("status").equals("completed")).count(),
                    "only the final version completed: " + ofFile);
            assertArrayEquals(Files.readAllBytes(source.resolve(name)), Files.readAllBytes(sink(source).resolve(name)));
        }
        assertEquals(List.of(), partFiles(sink(source)));
    }

    @Test
    void aFileThatCannotBeWrittenFailsAfterItsRetriesAndTheJobGoesOn() throws IOException {
        Path source = workDir.resolve("base").resolve("blocked");
        Files.createDirectories(source.resolve("sub"));
        Files.writeString(source.resolve("sub/x.txt"), "blocked at the sink");
        Files.writeString(source.resolve("ok.txt"), "fine");
        Files.createDirectories(sink(source));
        Files.writeString(sink(source).resolve("sub"), "a file where the directory should go");
        String job = submit(source);

        await().atMost(WAIT).until(() -> tasks(job).stream().anyMatch(t -> t.getString("status").equals("failed")));
        JsonObject failed = tasks(job).stream().filter(t -> t.getString("file_path").equals("sub/x.txt")).findFirst()
                .orElseThrow();
        assertEquals("failed", failed.getString("status"), failed::toString);
        assertEquals(3, failed.getInt("attempts"), "SYNCF_TRANSFER_MAX_ATTEMPTS");
        assertFalse(failed.isNull("last_error"), failed::toString);
        await().atMost(WAIT).until(() -> tasks(job).stream().anyMatch(t -> t.getString("file_path").equals("ok.txt")
                && t.getString("status").equals("completed")));
        assertEquals("running", master.api().get("api/jobs/" + job).json().getString("status"));
    }

    @Test
    void aWorkerKilledMidCopyIsResumedByAnotherFromItsCheckpoint() throws IOException {
        Path source = source("resumed", sizeFor(4, WINDOW));
        String job = submit(source);
        await().atMost(WAIT).until(() -> copied(job) >= 4L * MIB);

        worker.kill();
        long checkpoint = task(job).getJsonNumber("copied_bytes").longValue();
        worker = startWorker("worker-b");

        JsonObject done = awaitCompleted(job, "data.bin");
        assertEquals("worker-b", done.getString("slave_id"));
        assertEquals(sha256(source.resolve("data.bin")), done.getString("checksum"));
        assertArrayEquals(Files.readAllBytes(source.resolve("data.bin")), Files.readAllBytes(sink(source).resolve("data.bin")));
        assertEquals(1, done.getInt("resumes"), done::toString);
        assertTrue(done.getJsonNumber("reread_bytes").longValue() <= MIB,
                "at most one chunk read again, after a checkpoint at " + checkpoint + ": " + done);
        Exposition resumer = MetricsIT.scrape(worker.api());
        assertEquals(1.0, resumer.value("syncf_resumes_total"), "worker-b's metrics count the resume");
        assertEquals(done.getJsonNumber("reread_bytes").longValue(), resumer.value("syncf_reread_bytes_total"));
        assertEquals(List.of(), partFiles(sink(source)));
    }

    /**
     * How large a file must be (MiB) so that, once its copy is seen at {@code seenAt} MiB (a slice
     * of 2 chunks: the copy may be seen that far), the rest cannot be copied within {@code window}
     * at {@link #RATE}, one chunk ahead of the checkpoint and one second of catch-up allowed.
     */
    static int sizeFor(int seenAt, Duration window) {
        return seenAt + 1 + (int) ((window.toSeconds() + 1) * RATE / MIB);
    }

    /** A source directory with one file, {@code data.bin}, of {@code mib} MiB of random bytes. */
    Path source(String name, int mib) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve("base").resolve(name));
        Files.write(dir.resolve("data.bin"), bytes(name.hashCode(), mib * MIB));
        return dir;
    }

    Path sink(Path source) {
        return workDir.resolve("base/backup").resolve(source.getFileName());
    }

    String submit(Path source) {
        Reply reply = master.api().post("api/jobs", Jobs.request(source.getFileName().toString(),
                "backup/" + source.getFileName(), "1s"));
        assertEquals(201, reply.status(), reply::toString);
        return reply.json().getString("job_id");
    }

    List<JsonObject> tasks(String job) {
        return master.api().get("api/jobs/" + job + "/tracking").json().getJsonArray("tasks").stream()
                .map(v -> v.asJsonObject()).toList();
    }

    JsonObject summary(String job) {
        return master.api().get("api/jobs/" + job + "/tracking?limit=1").json().getJsonObject("summary");
    }

    JsonObject task(String job) {
        List<JsonObject> tasks = tasks(job);
        assertEquals(1, tasks.size(), tasks::toString);
        return tasks.get(0);
    }

    JsonObject awaitCopying(String job) {
        await().atMost(WAIT).until(() -> copied(job) > 0);
        return task(job);
    }

    /** The checkpoint of the job's one task; -1 while the scan has not found its file yet. */
    long copied(String job) {
        List<JsonObject> tasks = tasks(job);
        return tasks.isEmpty() ? -1 : tasks.get(0).getJsonNumber("copied_bytes").longValue();
    }

    /** Waits until the task's checkpoint stops moving (the slice in flight ends); returns it. */
    long awaitSettled(String job) {
        AtomicLong last = new AtomicLong(-1);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).during(Duration.ofMillis(1500)).until(() -> {
            long now = task(job).getJsonNumber("copied_bytes").longValue();
            return now == last.getAndSet(now);
        });
        return last.get();
    }

    JsonObject awaitCompleted(String job, String path) {
        await().atMost(WAIT).until(() -> tasks(job).stream().anyMatch(t -> t.getString("file_path").equals(path)
                && t.getString("status").equals("completed")));
        return tasks(job).stream().filter(t -> t.getString("file_path").equals(path)
                && t.getString("status").equals("completed")).findFirst().orElseThrow();
    }

    /** Where the node keeps the target's part file: the node names it after the target's real path. */
    static Path partFile(Path target) throws IOException {
        return PartFile.of(target.getParent().toRealPath().resolve(target.getFileName()));
    }

    static List<Path> partFiles(Path sink) throws IOException {
        if (!Files.exists(sink)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(sink)) {
            return all.filter(p -> p.getFileName().toString().endsWith(".syncf-part")).toList();
        }
    }
}
