package syncf.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static syncf.it.Content.bytes;
import static syncf.it.Content.sha256;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Files travel: a running job copies its source tree to the sink, whole, verified, through the broker. */
@ExtendWith(SharedNode.class)
class SyncIT {

    static final Duration WAIT = Duration.ofMinutes(2);

    @Test
    void aTreeOfMixedFilesArrivesByteForByteWithItsChecksums(Node node, Api api) throws IOException {
        String source = Jobs.newSource(node);
        Path root = node.base().resolve(source);
        Random random = new Random(7);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("empty", new byte[0]);
        files.put("small.txt", "hello".getBytes());
        files.put("sub/deeper/random.bin", bytes(random, 300_000));
        files.put("name with spaces.txt", bytes(random, 10));
        files.put("caf\u00e9/na\u0308me.dat", bytes(random, 20_000_000)); // several slices of 8 MiB chunks
        for (var file : files.entrySet()) {
            Files.createDirectories(root.resolve(file.getKey()).getParent());
            Files.write(root.resolve(file.getKey()), file.getValue());
        }

        String job = ScanIT.submit(api, source, "1h");
        JsonObject tracking = awaitCompleted(api, job, files.size());

        Path sink = node.base().resolve("backup/" + source);
        for (var file : files.entrySet()) {
            assertArrayEquals(file.getValue(), Files.readAllBytes(sink.resolve(file.getKey())), file.getKey());
            assertEquals(Files.getLastModifiedTime(root.resolve(file.getKey())).toMillis(),
                    Files.getLastModifiedTime(sink.resolve(file.getKey())).toMillis(), "mtime of " + file.getKey());
        }
        tracking.getJsonArray("tasks").forEach(t -> {
            JsonObject task = t.asJsonObject();
            assertEquals(sha256(files.get(task.getString("file_path"))), task.getString("checksum"), task::toString);
            assertEquals(1.0, task.getJsonNumber("progress").doubleValue(), 0.001);
            assertFalse(task.isNull("slave_id"), "the worker that copied it");
        });
        try (Stream<Path> left = Files.walk(sink)) {
            assertEquals(0, left.filter(p -> p.getFileName().toString().endsWith(".syncf-part")).count(), "no part file left");
        }
        assertEquals(1.0, tracking.getJsonObject("summary").getJsonNumber("progress").doubleValue(), 0.001);
    }

    /** Small files travel several to a message and are settled together; tracking still shows one task per file. */
    @Test
    void manySmallFilesArriveInBatchesAsOneTaskPerFile(Node node, Api api) throws IOException {
        String source = Jobs.newSource(node);
        Path root = node.base().resolve(source);
        Random random = new Random(13);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < 250; i++) {
            files.put("d" + i % 3 + "/f" + i + ".bin", bytes(random, i % 5 == 0 ? 0 : 4096 + i));
        }
        files.put("d0/large.bin", bytes(random, 3_000_000)); // beside them, alone, on the chunked path
        for (var file : files.entrySet()) {
            Files.createDirectories(root.resolve(file.getKey()).getParent());
            Files.write(root.resolve(file.getKey()), file.getValue());
        }

        String job = ScanIT.submit(api, source, "1h");
        awaitCompleted(api, job, files.size());

        JsonObject tracking = api.get("api/jobs/" + job + "/tracking?limit=1000").json();
        assertEquals(files.size(), tracking.getJsonArray("tasks").size());
        Path sink = node.base().resolve("backup/" + source);
        tracking.getJsonArray("tasks").forEach(t -> {
            JsonObject task = t.asJsonObject();
            String path = task.getString("file_path");
            assertEquals("completed", task.getString("status"), task::toString);
            assertEquals(sha256(files.get(path)), task.getString("checksum"), task::toString);
            assertEquals(1, task.getInt("attempts"), task::toString);
            try {
                assertArrayEquals(files.get(path), Files.readAllBytes(sink.resolve(path)), path);
            } catch (IOException e) {
                throw new AssertionError(path, e);
            }
        });
        try (Stream<Path> left = Files.walk(sink)) {
            assertEquals(0, left.filter(p -> p.getFileName().toString().endsWith(".syncf-part")).count(), "no part file left");
        }
    }

    static JsonObject awaitCompleted(Api api, String job, int count) {
        await().atMost(WAIT).until(() -> api.get("api/jobs/" + job + "/tracking").json()
                .getJsonObject("summary").getInt("completed") >= count);
        JsonObject tracking = api.get("api/jobs/" + job + "/tracking").json();
        assertEquals(count, tracking.getJsonObject("summary").getInt("total_tasks"), tracking::toString);
        return tracking;
    }
}
