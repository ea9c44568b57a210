package syncf.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import syncf.storage.s3.S3ProxyServer;

/**
 * The S3 store goes down in the middle of a job and comes back: the tasks it failed are
 * retried with their backoff, the multipart upload in flight goes on from its checkpoint, and
 * the job ends with every object whole. A node and a store of the test's own, so that stopping
 * the store disturbs no other test.
 *
 * <p>Runs in the sqlite execution only: what it tests is the store's side, the same on either
 * database (a node of its own costs a boot); the S3 jobs of S3SyncIT and the fault suite's S3
 * scenario run on PostgreSQL and RabbitMQ.
 */
@EnabledIfSystemProperty(named = "syncf.it.db", matches = "sqlite")
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one node and store per class, held by the instance, not static state
class S3OutageIT {

    static final int MIB = 1 << 20;
    static final String BUCKET = "outage";
    static final Duration WAIT = Duration.ofMinutes(3);

    private final Path workDir;
    private Database database;
    private Vhost vhost;
    private S3ProxyServer store;
    private Node node;

    S3OutageIT() throws IOException {
        workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "s3-outage-");
    }

    @BeforeAll
    void startAStoreAndANode() {
        store = S3ProxyServer.start();
        store.createBucket(BUCKET);
        database = Database.forRun(workDir);
        Map<String, String> settings = new HashMap<>(Map.of(
                "AWS_ENDPOINT_URL_S3", store.endpoint().toString(),
                "AWS_REGION", store.region(),
                "AWS_ACCESS_KEY_ID", store.accessKey(),
                "AWS_SECRET_ACCESS_KEY", store.secretKey(),
                "SYNCF_S3_BUCKETS", BUCKET,
                // the large file takes seconds, so the store goes down in the middle of its upload
                "SYNCF_TRANSFER_MAX_BYTES_PER_SECOND", Long.toString(8L * MIB),
                "SYNCF_TRANSFER_MAX_ATTEMPTS", "10",
                "SYNCF_TRANSFER_RETRY_BACKOFF", "PT0.5S",
                // the sweep of stale uploads, every second: it must abort what no task claims, and only that
                "SYNCF_STAGE_SWEEP_INTERVAL", "PT1S",
                "SYNCF_STAGE_STALE_AFTER", "PT5S"));
        if (Node.ON_RABBITMQ) {
            vhost = Vhost.create(); // a queue of its own: the run's shared node must not take this node's tasks
            settings.put("SYNCF_MQ_URL", vhost.url());
        }
        node = Node.start(workDir, database, settings, "start");
    }

    @AfterAll
    void stop() {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            if (database != null) {
                database.close();
            }
            if (vhost != null) {
                vhost.close();
            }
            if (store != null) {
                store.close();
            }
        }
    }

    @Test
    void aStoreDownMidJobFailsAttemptsThatAreRetriedAndTheJobEndsWhole() throws IOException {
        Path source = Files.createDirectories(node.base().resolve("outage-src"));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("large.bin", Content.bytes(31, 40 * MIB));
        for (int i = 0; i < 20; i++) {
            files.put("small/" + i + ".txt", Content.bytes(100 + i, 1000 + i));
        }
        for (var file : files.entrySet()) {
            Files.createDirectories(source.resolve(file.getKey()).getParent());
            Files.write(source.resolve(file.getKey()), file.getValue());
        }
        Api api = node.api();
        String job = S3SyncIT.submit(api, "outage-src", "local", BUCKET + "/copy", "s3", "1h");
        await().atMost(WAIT).until(() -> large(api, job).getJsonNumber("copied_bytes").longValue() >= 16L * MIB);
        String upload = onlyUpload("copy/");

        store.stop();
        await().atMost(WAIT).until(() -> large(api, job).getInt("attempts") > 1
                || "retrying".equals(large(api, job).getString("status")));
        JsonObject failed = large(api, job);
        assertFalse(failed.isNull("last_error"), failed::toString);
        String error = failed.getString("last_error");
        assertTrue(error.contains("does not answer"), error);
        assertFalse(error.contains(store.endpoint().getAuthority()), "no endpoint in what a user reads: " + error);
        long checkpoint = failed.getJsonNumber("copied_bytes").longValue();
        store.startAgain();
        await().atMost(WAIT).until(() -> large(api, job).getJsonNumber("copied_bytes").longValue() > checkpoint);
        assertEquals(upload, onlyUpload("copy/"), "the upload its checkpoint names goes on, older than the sweep's"
                + " age but claimed");

        JsonObject tracking = S3SyncIT.awaitSettled(api, job, files.size(), 0);
        for (var file : files.entrySet()) {
            assertArrayEquals(file.getValue(), store.client().getObjectAsBytes(r -> r.bucket(BUCKET)
                    .key("copy/" + file.getKey())).asByteArray(), file.getKey());
        }
        JsonObject large = S3SyncIT.byPath(tracking).get("large.bin");
        assertEquals(Content.sha256(files.get("large.bin")), large.getString("checksum"));
        assertTrue(large.getJsonNumber("reread_bytes").longValue() <= 8L * MIB * large.getInt("resumes"),
                "each resume reads at most the part in flight again, from the checkpoint at " + checkpoint + ": " + large);
        assertTrue(store.client().listMultipartUploads(r -> r.bucket(BUCKET)).uploads().isEmpty(),
                "no multipart upload is left");
    }

    @Test
    void aJobKilledMidUploadLeavesNoUploadBehind() throws IOException {
        Path source = Files.createDirectories(node.base().resolve("killed-src"));
        Files.write(source.resolve("large.bin"), Content.bytes(41, 40 * MIB));
        Api api = node.api();
        String job = S3SyncIT.submit(api, "killed-src", "local", BUCKET + "/killed", "s3", "1h");
        await().atMost(WAIT).until(() -> large(api, job).getJsonNumber("copied_bytes").longValue() >= 8L * MIB);
        assertEquals(1, store.client().listMultipartUploads(r -> r.bucket(BUCKET).prefix("killed/")).uploads().size(),
                "the upload under way");

        assertEquals(200, api.delete("api/jobs/" + job).status());

        await().atMost(WAIT).until(() -> store.client().listMultipartUploads(r -> r.bucket(BUCKET).prefix("killed/"))
                .uploads().isEmpty());
        assertEquals(0, store.client().listObjectsV2(r -> r.bucket(BUCKET).prefix("killed/")).keyCount(),
                "no object appeared for the killed job");
    }

    @Test
    void anUploadNoTaskClaimsIsAbortedByTheSweep() throws IOException {
        String foreign = store.client().createMultipartUpload(r -> r.bucket(BUCKET).key("left/behind.bin")).uploadId();
        store.client().uploadPart(r -> r.bucket(BUCKET).key("left/behind.bin").uploadId(foreign).partNumber(1),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(Content.bytes(51, 5 * MIB)));

        await().atMost(WAIT).until(() -> store.client().listMultipartUploads(r -> r.bucket(BUCKET).prefix("left/"))
                .uploads().isEmpty());
        assertTrue(Files.readString(node.log()).contains("stale staged writes"), "the sweep says what it removed");
    }

    String onlyUpload(String prefix) {
        var uploads = store.client().listMultipartUploads(r -> r.bucket(BUCKET).prefix(prefix)).uploads();
        assertEquals(1, uploads.size(), uploads::toString);
        return uploads.get(0).uploadId();
    }

    /** The large file's task; before the scan found it, one that has copied nothing. */
    static JsonObject large(Api api, String job) {
        JsonObject tracking = api.get("api/jobs/" + job + "/tracking?limit=1000").json();
        return S3SyncIT.byPath(tracking).getOrDefault("large.bin", NOT_YET);
    }

    static final JsonObject NOT_YET = Json.createObjectBuilder().add("copied_bytes", 0).add("attempts", 0)
            .add("status", "pending").build();
}
