package syncf.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A running job's source is scanned every interval; each new or changed file gets one task. */
@ExtendWith(SharedNode.class)
class ScanIT {

    static final Duration SCAN_WAIT = Duration.ofSeconds(60);
    static final String NFD = "cafe\u0301.txt";
    static final String NFC = "caf\u00e9.txt";

    @Test
    void everyEntryOfTheTreeGetsOneTask(Node node, Api api) throws IOException {
        String source = Jobs.newSource(node);
        Path root = node.base().resolve(source);
        Map<String, Integer> files = new TreeMap<>(Map.of(
                "a.txt", 5, "sub/b.bin", 1000, "sub/deeper/empty", 0, "name with spaces.txt", 3,
                NFD, 4, NFC, 6, "x".repeat(200) + ".long", 7));
        for (var file : files.entrySet()) {
            write(root.resolve(file.getKey()), file.getValue());
        }
        Files.createDirectories(root.resolve("empty-dir"));
        Files.createSymbolicLink(root.resolve("etc-link"), Path.of("/etc"));

        String id = submit(api, source, "1s");
        JsonObject tracking = awaitTasks(api, id, files.size() + 2);

        Map<String, String> tasks = new TreeMap<>(tracking.getJsonArray("tasks").stream().map(v -> v.asJsonObject())
                .collect(Collectors.toMap(t -> t.getString("file_path"), t -> t.getString("kind") + ":" + t.getInt("file_size"))));
        Map<String, String> expected = new TreeMap<>();
        files.forEach((name, size) -> expected.put(name, "file:" + size));
        expected.put("empty-dir", "directory:0");
        expected.put("etc-link", "symlink:4"); // the link itself (4 bytes: "/etc"), never what it points to
        assertEquals(expected, tasks, "one task per entry, names byte for byte, links not followed");
        assertEquals(files.values().stream().mapToInt(Integer::intValue).sum(),
                tracking.getJsonObject("summary").getInt("total_bytes"), "the skipped link is not owed");
        assertEquals(1, tracking.getJsonObject("summary").getInt("skipped"));
        Files.delete(root.resolve("etc-link"));
    }

    @Test
    void aChangedFileGetsANewTaskAndUnchangedFilesNone(Node node, Api api) throws IOException {
        String source = Jobs.newSource(node);
        Path root = node.base().resolve(source);
        write(root.resolve("stays.txt"), 10);
        write(root.resolve("grows.txt"), 10);
        String id = submit(api, source, "1s");
        awaitTasks(api, id, 2);

        Files.writeString(root.resolve("grows.txt"), "more", StandardOpenOption.APPEND);
        JsonObject tracking = awaitTasks(api, id, 3);
        assertEquals(Set.of(10, 14), tracking.getJsonArray("tasks").stream().map(v -> v.asJsonObject())
                .filter(t -> t.getString("file_path").equals("grows.txt")).map(t -> t.getInt("file_size"))
                .collect(Collectors.toSet()));

        Instant afterChange = lastScan(api, id);
        awaitScanAfter(api, id, awaitScanAfter(api, id, afterChange));
        assertEquals(3, totalTasks(api, id), "two more scans found nothing new");
    }

    @Test
    void aPausedJobScansNothingUntilResumed(Node node, Api api) throws IOException {
        String source = Jobs.newSource(node);
        Path root = node.base().resolve(source);
        write(root.resolve("first.txt"), 1);
        String id = submit(api, source, "1s");
        awaitTasks(api, id, 1);

        assertEquals(200, api.put("api/jobs/" + id + "/pause").status());
        // a scan in flight may still finish; what must not happen is a file picked up while paused
        awaitNoScanInFlight(api, id);
        write(root.resolve("second.txt"), 2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> totalTasks(api, id) == 1);

        assertEquals(200, api.put("api/jobs/" + id + "/resume").status());
        awaitTasks(api, id, 2);
    }

    @Test
    void aKilledJobNeverScansAgain(Node node, Api api) throws IOException {
        String source = Jobs.newSource(node);
        Path root = node.base().resolve(source);
        write(root.resolve("first.txt"), 1);
        String id = submit(api, source, "1s");
        awaitTasks(api, id, 1);

        assertEquals(200, api.delete("api/jobs/" + id).status());
        awaitNoScanInFlight(api, id);
        write(root.resolve("second.txt"), 2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> totalTasks(api, id) == 1);
    }

    @Test
    void aSourceThatDisappearsIsReportedOnTheJob(Node node, Api api) throws IOException {
        String source = Jobs.newSource(node);
        String id = submit(api, source, "1s");
        awaitScanAfter(api, id, Instant.EPOCH);
        Files.delete(node.base().resolve(source));

        await().atMost(SCAN_WAIT).until(() -> !api.get("api/jobs/" + id).json().isNull("last_scan_error"));
        String error = api.get("api/jobs/" + id).json().getString("last_scan_error");
        assertTrue(error.contains("cannot read source_path"), error);
        assertEquals("running", api.get("api/jobs/" + id).json().getString("status"), "the job keeps trying");
    }

    static String submit(Api api, String source, String interval) {
        Reply reply = api.post("api/jobs", Jobs.request(source, "backup/" + source, interval));
        assertEquals(201, reply.status(), reply::toString);
        return reply.json().getString("job_id");
    }

    static JsonObject awaitTasks(Api api, String id, int count) {
        await().atMost(SCAN_WAIT).until(() -> totalTasks(api, id) >= count);
        JsonObject tracking = api.get("api/jobs/" + id + "/tracking").json();
        assertEquals(count, tracking.getJsonObject("summary").getInt("total_tasks"), tracking::toString);
        return tracking;
    }

    static int totalTasks(Api api, String id) {
        return api.get("api/jobs/" + id + "/tracking?limit=1").json().getJsonObject("summary").getInt("total_tasks");
    }

    static Instant lastScan(Api api, String id) {
        JsonObject job = api.get("api/jobs/" + id).json();
        return job.isNull("last_scan_at") ? Instant.EPOCH : Instant.parse(job.getString("last_scan_at"));
    }

    /**
     * Waits until the job's last scan stays the same for two of its 1 s intervals: a scan that
     * was in flight when the job was paused or killed has ended by then (and would have moved
     * it), so a file written afterwards can only be found by a scan that should not happen.
     */
    static void awaitNoScanInFlight(Api api, String id) {
        AtomicReference<Instant> last = new AtomicReference<>(lastScan(api, id));
        await().atMost(SCAN_WAIT).pollInterval(Duration.ofMillis(200)).during(Duration.ofSeconds(2))
                .until(() -> last.getAndSet(lastScan(api, id)).equals(last.get()));
    }

    /** Waits for a scan that ended after {@code after}; returns when it ended. */
    static Instant awaitScanAfter(Api api, String id, Instant after) {
        await().atMost(SCAN_WAIT).until(() -> lastScan(api, id).isAfter(after));
        return lastScan(api, id);
    }

    private static void write(Path file, int size) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[size]);
    }
}
