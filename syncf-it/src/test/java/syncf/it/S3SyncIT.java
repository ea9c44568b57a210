package syncf.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static syncf.it.Content.bytes;
import static syncf.it.Content.sha256;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Jobs between the local base and the run's S3 store (S3Proxy, real SigV4), in every direction:
 * each file arrives byte for byte with its SHA-256 and modification time, names S3 and URLs
 * treat specially survive, a rescan finds nothing, a changed object is copied again, and what
 * a store cannot keep (links, empty directories) is skipped with the reason.
 */
@ExtendWith(SharedNode.class)
class S3SyncIT {

    static final String A = S3Store.BUCKETS.get(0);
    static final String B = S3Store.BUCKETS.get(1);
    static final String C = S3Store.BUCKETS.get(2);
    static final long MTIME = 1_700_000_123_456L;
    /** The metadata {@code mtime} as SyncF and rclone write it: epoch seconds as a decimal. */
    static final String MTIME_METADATA = "1700000123.456";

    /** Names that S3 keys, URLs and signatures each treat specially, and a file large enough for several parts. */
    static Map<String, byte[]> mixedTree(long seed) {
        Random random = new Random(seed);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("empty", new byte[0]);
        files.put("small.txt", "hello".getBytes());
        files.put("with space.txt", bytes(random, 10));
        files.put("plus+sign.txt", bytes(random, 11));
        files.put("per%25cent%.txt", bytes(random, 12));
        files.put("hash#tag.txt", bytes(random, 13));
        files.put("what?.txt", bytes(random, 14));
        files.put("amp&eq=semi;.txt", bytes(random, 15));
        files.put("caf\u00e9/na\u0308me \u65e5\u672c.dat", bytes(random, 20_000));
        files.put("sub/deeper/large.bin", bytes(random, 20_000_000)); // 3 parts of 8 MiB
        return files;
    }

    @Test
    void aLocalTreeArrivesInS3ByteForByteWithItsDigestsAndTimesAndARescanFindsNothing(Node node, Api api, S3Store s3)
            throws IOException {
        String source = Jobs.newSource(node);
        Path root = node.base().resolve(source);
        Map<String, byte[]> files = mixedTree(21);
        for (var file : files.entrySet()) {
            Path at = root.resolve(file.getKey());
            Files.createDirectories(at.getParent());
            Files.write(at, file.getValue());
            Files.setLastModifiedTime(at, FileTime.fromMillis(MTIME));
        }
        Files.createDirectories(root.resolve("empty-dir"));
        Files.createSymbolicLink(root.resolve("link"), Path.of("small.txt"));
        String prefix = "local-to-s3/" + UUID.randomUUID();

        String job = submit(api, source, "local", A + "/" + prefix, "s3", "1s");
        JsonObject tracking = awaitSettled(api, job, files.size(), 2);

        for (var file : files.entrySet()) {
            String key = prefix + "/" + file.getKey();
            assertArrayEquals(file.getValue(), object(s3, A, key), key);
            HeadObjectResponse head = s3.client().headObject(r -> r.bucket(A).key(key));
            assertEquals(MTIME_METADATA, head.metadata().get("mtime"), "mtime of " + key);
            assertEquals(sha256(file.getValue()), head.metadata().get("sha256"),
                    "every object carries the file's SHA-256, a single PUT's and a multipart upload's: " + key);
        }
        Map<String, JsonObject> tasks = byPath(tracking);
        for (var file : files.entrySet()) {
            JsonObject task = tasks.get(file.getKey());
            assertEquals("completed", task.getString("status"), task::toString);
            assertEquals(sha256(file.getValue()), task.getString("checksum"), task::toString);
        }
        assertEquals("skipped", tasks.get("link").getString("status"));
        assertTrue(tasks.get("link").getString("last_error").contains("keeps no symbolic links"), tasks.get("link")::toString);
        assertEquals("skipped", tasks.get("empty-dir").getString("status"));
        assertTrue(tasks.get("empty-dir").getString("last_error").contains("keeps no empty directories"),
                tasks.get("empty-dir")::toString);
        assertEquals(0, s3.client().listMultipartUploads(r -> r.bucket(A).prefix(prefix)).uploads().size(),
                "no multipart upload is left behind");
        assertEquals(files.size(), s3.client().listObjectsV2(r -> r.bucket(A).prefix(prefix + "/")).keyCount(),
                "nothing but the files");

        Instant settled = ScanIT.lastScan(api, job);
        ScanIT.awaitScanAfter(api, job, ScanIT.awaitScanAfter(api, job, settled));
        assertEquals(files.size() + 2, ScanIT.totalTasks(api, job), "two more scans found nothing new");
    }

    @Test
    void objectsArriveLocallyWithTheirTimesAndAChangedObjectIsCopiedAgain(Node node, Api api, S3Store s3)
            throws IOException {
        String prefix = "s3-to-local/" + UUID.randomUUID();
        Map<String, byte[]> files = mixedTree(22);
        for (var file : files.entrySet()) {
            put(s3, B, prefix + "/" + file.getKey(), file.getValue(), Map.of("mtime", MTIME_METADATA));
        }
        put(s3, B, prefix + "/no-metadata.txt", "written by another tool".getBytes(), Map.of());
        String sink = "from-s3/" + UUID.randomUUID();

        String job = submit(api, B + "/" + prefix, "s3", sink, "local", "1s");
        awaitSettled(api, job, files.size() + 1, 0);

        Path root = node.base().resolve(sink);
        for (var file : files.entrySet()) {
            Path at = root.resolve(file.getKey());
            assertArrayEquals(file.getValue(), Files.readAllBytes(at), file.getKey());
            assertEquals(MTIME, Files.getLastModifiedTime(at).toMillis(), "the mtime SyncF keeps as metadata: " + at);
        }
        Instant lastModified = s3.client().headObject(r -> r.bucket(B).key(prefix + "/no-metadata.txt")).lastModified();
        assertEquals(lastModified.toEpochMilli(), Files.getLastModifiedTime(root.resolve("no-metadata.txt")).toMillis(),
                "an object without SyncF's metadata keeps its Last-Modified");
        try (var left = Files.walk(root)) {
            assertEquals(0, left.filter(p -> p.getFileName().toString().endsWith(".syncf-part")).count());
        }

        byte[] changed = bytes(23, 3_000);
        put(s3, B, prefix + "/small.txt", changed, Map.of());
        ScanIT.awaitTasks(api, job, files.size() + 2);
        awaitSettled(api, job, files.size() + 2, 0);
        assertArrayEquals(changed, Files.readAllBytes(root.resolve("small.txt")), "the new version replaced the old");
    }

    /**
     * An object replaced by another tool with bytes of the same size and the same {@code mtime}
     * metadata, within the same second (Last-Modified has whole seconds): only its ETag tells
     * the versions apart, and the next scan copies the new one. S3Proxy's Last-Modified is the
     * mtime of the file that holds the object, so the test sets it back to make "the same
     * second" certain rather than a race; the job is paused meanwhile, so that no scan sees the
     * object between the PUT and that.
     */
    @Test
    void anObjectReplacedWithinTheSameSecondBySameSizedBytesIsCopiedAgainByItsETag(Node node, Api api, S3Store s3)
            throws IOException {
        String prefix = "same-second/" + UUID.randomUUID();
        String key = prefix + "/replaced.bin";
        byte[] first = bytes(31, 40_000);
        byte[] second = bytes(32, 40_000);
        put(s3, B, key, first, Map.of("mtime", MTIME_METADATA));
        String sink = "same-second/" + UUID.randomUUID();
        String job = submit(api, B + "/" + prefix, "s3", sink, "local", "1s");
        awaitSettled(api, job, 1, 0);
        Path target = node.base().resolve(sink).resolve("replaced.bin");
        assertArrayEquals(first, Files.readAllBytes(target));

        assertEquals(200, api.put("api/jobs/" + job + "/pause").status());
        ScanIT.awaitNoScanInFlight(api, job);
        HeadObjectResponse before = s3.client().headObject(r -> r.bucket(B).key(key));
        Path stored = s3.server().dataDirectory().resolve(B).resolve(key);
        FileTime storedAt = Files.getLastModifiedTime(stored);
        put(s3, B, key, second, Map.of("mtime", MTIME_METADATA));
        Files.setLastModifiedTime(stored, storedAt);
        HeadObjectResponse after = s3.client().headObject(r -> r.bucket(B).key(key));
        assertEquals(before.contentLength(), after.contentLength());
        assertEquals(before.lastModified(), after.lastModified(), "the same Last-Modified");
        assertEquals(before.metadata(), after.metadata(), "the same mtime metadata");
        assertNotEquals(before.eTag(), after.eTag(), "other bytes, another ETag");

        Instant paused = ScanIT.lastScan(api, job);
        assertEquals(200, api.put("api/jobs/" + job + "/resume").status());
        ScanIT.awaitScanAfter(api, job, paused);
        assertEquals(2, ScanIT.totalTasks(api, job), "the first scan after the replacement takes a task for it");
        awaitSettled(api, job, 2, 0);
        assertArrayEquals(second, Files.readAllBytes(target), "the new object, byte for byte");
        assertEquals(MTIME, Files.getLastModifiedTime(target).toMillis());
        JsonObject copy = byPath(api.get("api/jobs/" + job + "/tracking?limit=10").json()).get("replaced.bin");
        assertEquals(sha256(second), copy.getString("checksum"), copy::toString);

        Instant settled = ScanIT.lastScan(api, job);
        ScanIT.awaitScanAfter(api, job, ScanIT.awaitScanAfter(api, job, settled));
        assertEquals(2, ScanIT.totalTasks(api, job), "and then the object is known: rescans find nothing");
    }

    /**
     * Objects whose SHA-256 SyncF stored (every other one here, the large one among them) are
     * copied inside the store, no byte through a worker; the others travel through one.
     */
    @Test
    void objectsCopyFromOneBucketToAnother(Node node, Api api, S3Store s3) throws IOException {
        String prefix = "s3-to-s3/" + UUID.randomUUID();
        Map<String, byte[]> files = mixedTree(24);
        int i = 0;
        for (var file : files.entrySet()) {
            put(s3, A, prefix + "/" + file.getKey(), file.getValue(), i++ % 2 == 0
                    ? Map.of("mtime", MTIME_METADATA)
                    : Map.of("mtime", MTIME_METADATA, "sha256", sha256(file.getValue())));
        }

        String job = submit(api, A + "/" + prefix, "s3", C + "/copy-of/" + prefix, "s3", "1h");
        awaitSettled(api, job, files.size(), 0);

        Map<String, JsonObject> tasks = byPath(api.get("api/jobs/" + job + "/tracking?limit=1000").json());
        for (var file : files.entrySet()) {
            String key = "copy-of/" + prefix + "/" + file.getKey();
            assertArrayEquals(file.getValue(), object(s3, C, key), key);
            assertEquals(MTIME_METADATA, s3.client().headObject(r -> r.bucket(C).key(key)).metadata().get("mtime"));
            assertEquals(sha256(file.getValue()), tasks.get(file.getKey()).getString("checksum"), key);
        }
        assertTrue(Files.readString(node.log()).contains("Copied sub/deeper/large.bin within its store"),
                "the large object, its digest stored, was copied inside the store");
    }

    @Test
    void storesAndKeysNotAllowedAreRefusedWithProblemsAndCreateNothing(Node node, Api api, S3Store s3) {
        String source = Jobs.newSource(node);
        String other = s3.bucket("syncf-it-not-allowed");
        String before = api.get("api/jobs?limit=1").header("X-Total-Count").orElseThrow();
        for (String[] refused : new String[][] {
                {other + "/x", "invalid-path"},
                {A + "/../" + other + "/x", "invalid-path"},
                {A + "//x", "invalid-path"},
                {"/" + A + "/x", "invalid-path"},
                {"", "invalid-path"}}) {
            JsonObject problem = Problems.assertProblem(
                    api.post("api/jobs", request(source, "local", refused[0], "s3", "5m")), 400, refused[1]);
            assertFalse(problem.toString().contains(s3.endpoint().toString()), "no endpoint disclosed: " + problem);
            assertFalse(problem.toString().contains(s3.accessKey()), "no key disclosed: " + problem);
        }
        Problems.assertProblem(api.post("api/jobs", request(A + "/no-such-prefix-" + UUID.randomUUID(), "s3",
                "backup/nothing", "local", "5m")), 400, "invalid-locations");
        assertEquals(before, api.get("api/jobs?limit=1").header("X-Total-Count").orElseThrow(), "no job was created");
    }

    static String request(String source, String sourceType, String sink, String sinkType, String interval) {
        return Json.createObjectBuilder()
                .add("source_path", source)
                .add("source_type", sourceType)
                .add("sink_path", sink)
                .add("sink_type", sinkType)
                .add("interval", interval)
                .build().toString();
    }

    static String submit(Api api, String source, String sourceType, String sink, String sinkType, String interval) {
        Reply reply = api.post("api/jobs", request(source, sourceType, sink, sinkType, interval));
        assertEquals(201, reply.status(), reply::toString);
        String id = reply.json().getString("job_id");
        JsonObject job = api.get("api/jobs/" + id).json();
        assertEquals(sourceType, job.getString("source_type"), job::toString);
        assertEquals(sinkType, job.getString("sink_type"), job::toString);
        assertEquals(source, job.getString("source_path"), job::toString);
        return id;
    }

    /** Waits until {@code completed} tasks completed and {@code skipped} were skipped; returns the tracking. */
    static JsonObject awaitSettled(Api api, String job, int completed, int skipped) {
        await().atMost(SyncIT.WAIT).until(() -> {
            JsonObject summary = api.get("api/jobs/" + job + "/tracking").json().getJsonObject("summary");
            return summary.getInt("completed") >= completed && summary.getInt("skipped") >= skipped;
        });
        return api.get("api/jobs/" + job + "/tracking?limit=1000").json();
    }

    static Map<String, JsonObject> byPath(JsonObject tracking) {
        return tracking.getJsonArray("tasks").stream().map(v -> v.asJsonObject())
                .collect(Collectors.toMap(t -> t.getString("file_path"), t -> t, (a, b) -> b));
    }

    static byte[] object(S3Store s3, String bucket, String key) {
        return s3.client().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
    }

    static void put(S3Store s3, String bucket, String key, byte[] bytes, Map<String, String> metadata) {
        s3.client().putObject(r -> r.bucket(bucket).key(key).metadata(metadata), RequestBody.fromBytes(bytes));
    }
}
