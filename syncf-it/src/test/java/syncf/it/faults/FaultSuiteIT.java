package syncf.it.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import syncf.it.Api;
import syncf.it.Database;
import syncf.it.Jobs;
import syncf.it.Node;
import syncf.it.Reply;
import syncf.storage.s3.S3ProxyServer;

/**
 * The fault suite: a master and workers as separate OS processes on PostgreSQL and RabbitMQ,
 * a job over a tree of one large file and many small ones, and faults injected while it runs:
 * workers and masters killed with {@code kill -9}, RabbitMQ and PostgreSQL stopped under
 * them, a source rewritten, every message delivered twice, the embedded one-node setup killed.
 * Each scenario ends with the same check: every sink file byte-identical to its source
 * (SHA-256), no task lost, none completed twice, no part file left. Random choices come from
 * one seed, printed on failure ({@code -Dsyncf.faults.seed=...} replays it); what each fault
 * cost is written to {@code target/fault-report.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(FaultSuiteIT.SeedOnFailure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one cluster per class, held by the instance, not static state
class FaultSuiteIT {

    static final int MIB = 1 << 20;
    static final long SEED = Long.getLong("syncf.faults.seed", System.nanoTime());
    static final int LARGE_MIB = Integer.getInteger("syncf.faults.large-mib", 512);
    static final int SMALL_FILES = Integer.getInteger("syncf.faults.small-files", 1000);
    static final int WORKER_KILLS = Integer.getInteger("syncf.faults.worker-kills", 5);
    /** Kills of the worker uploading the large file to S3 (scenario 1b). */
    static final int S3_KILLS = Integer.getInteger("syncf.faults.s3-kills", 3);
    static final String BUCKET = "faults";
    /** Each copy stream is held to this, so that faults land mid-copy of the large file. */
    static final long STREAM_LIMIT = Long.getLong("syncf.faults.stream-bytes-per-second", 64L * MIB);
    static final long CHUNK = 8L * MIB; // the default chunk: the most a resume should read again
    static final Duration WAIT = Duration.ofMinutes(5);
    /** Workers are killed at offsets up to this fraction of the large file, so that a hold can keep the rest. */
    static final double LAST_KILL_AT = 0.80;
    /**
     * While its kills are due, the large file's copy is held so slow that it cannot end within
     * this long of the last planned offset being seen (the test kills within milliseconds of that).
     */
    static final Duration HOLD = Duration.ofSeconds(6);
    static final Duration LEASE = Duration.parse(Cluster.LEASE);
    /** A dead worker's copy is taken over within its lease plus this: the sweep's grace, the claim, the digest rebuilt, one chunk. */
    static final Duration TAKEOVER_SLACK = Duration.ofSeconds(Long.getLong("syncf.faults.takeover-slack-seconds", 10));

    private final Random random = new Random(SEED);
    private final StringBuilder report = new StringBuilder();

    private Path workDir;
    private PrivateServices.Postgres postgres;
    private PrivateServices.RabbitMq rabbitMq;
    private Database database;
    private Cluster cluster;
    private SourceTree tree;
    /** Where scenario 1 kills the worker copying the large file, drawn from the seed. */
    private List<Long> killOffsets;
    /** Where scenario 1b kills the worker uploading the large file to S3. */
    private List<Long> s3KillOffsets;
    /** The suite's own S3 store (S3Proxy), for scenario 1b. */
    private S3ProxyServer s3;
    /** What scenario 1's workers hold each copy stream to: computed from the plan, see {@link #holdFor}. */
    private long heldStreamLimit;

    /** A failed scenario names the seed that replays it. */
    static class SeedOnFailure implements TestExecutionExceptionHandler {
        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
            throw new AssertionError("[fault suite seed " + SEED + ": rerun with -Dsyncf.faults.seed=" + SEED + "] "
                    + failure.getMessage(), failure);
        }
    }

    @BeforeAll
    void startCluster() throws Exception {
        // the suite is the failsafe execution "faults"; an -Dit.test filter would run it in the others too
        org.junit.jupiter.api.Assumptions.assumeTrue(Node.ON_RABBITMQ, "the fault suite runs on PostgreSQL and RabbitMQ");
        workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "faults-");
        // a server and a broker of the suite's own: restarting them disturbs no other test run
        CompletableFuture<PrivateServices.RabbitMq> broker = CompletableFuture.supplyAsync(() -> {
            try {
                return PrivateServices.RabbitMq.start();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        CompletableFuture<S3ProxyServer> store = CompletableFuture.supplyAsync(S3ProxyServer::start);
        postgres = PrivateServices.Postgres.start();
        database = Database.Postgres.create(postgres.url(), "postgres", "");
        tree = SourceTree.create(workDir.resolve("base/tree"), SEED, LARGE_MIB, SMALL_FILES);
        rabbitMq = broker.join();
        s3 = store.join();
        s3.createBucket(BUCKET);
        cluster = new Cluster(workDir, database, rabbitMq.url(), Map.of(
                "AWS_ENDPOINT_URL_S3", s3.endpoint().toString(),
                "AWS_REGION", s3.region(),
                "AWS_ACCESS_KEY_ID", s3.accessKey(),
                "AWS_SECRET_ACCESS_KEY", s3.secretKey(),
                "SYNCF_S3_BUCKETS", BUCKET));
        killOffsets = planKills((long) LARGE_MIB * MIB, WORKER_KILLS);
        s3KillOffsets = planKills((long) LARGE_MIB * MIB, S3_KILLS);
        heldStreamLimit = Math.min(holdFor((long) LARGE_MIB * MIB, killOffsets),
                holdFor((long) LARGE_MIB * MIB, s3KillOffsets));
        cluster.startMaster();
        // one worker per kill and one more: whenever a worker is killed, another is ready to take
        // its copy over; booted two at a time (a boot keeps a core busy)
        ExecutorService boots = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<String>> workers = new ArrayList<>();
            for (int i = 0; i <= WORKER_KILLS + S3_KILLS; i++) {
                workers.add(CompletableFuture.supplyAsync(() -> cluster.startWorker(heldStreamLimit), boots));
            }
            // every boot ends (or fails) before the first failure is thrown: none is left running unseen
            CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).handle((ok, failure) -> ok).join();
            workers.forEach(CompletableFuture::join);
        } finally {
            boots.shutdown();
        }
        report.append("# Fault suite\n\nseed ").append(SEED).append("; tree: ").append(LARGE_MIB).append(" MiB + ")
                .append(SMALL_FILES).append(" small files; copy streams held to ").append(STREAM_LIMIT / MIB)
                .append(" MiB/s (").append(String.format("%.1f", heldStreamLimit / (double) MIB))
                .append(" MiB/s while workers are killed); lease ").append(LEASE.toSeconds())
                .append(" s; republish after 5 s; chunk 8 MiB; PostgreSQL and RabbitMQ of the suite's own\n\n")
                .append("| scenario | faults | re-read on resume | recovery | lost |\n|---|---|---|---|---|\n");
    }

    /** {@code kills} offsets between 5 % and {@link #LAST_KILL_AT} of the file, in order. */
    List<Long> planKills(long size, int kills) {
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < kills; i++) {
            offsets.add((long) ((0.05 + (LAST_KILL_AT - 0.05) * random.nextDouble()) * size));
        }
        offsets.sort(null);
        return offsets;
    }

    /**
     * The stream limit under which the file cannot be whole within {@link #HOLD} of the last
     * planned kill being due: from a checkpoint at that offset, a copy may be one chunk ahead
     * and may catch up one second of a stall at full speed (the workers' pace allows no more),
     * so the rest past that takes at least {@code HOLD} at this limit. Every kill therefore
     * lands mid-file by construction, whatever the machine's speed; never above the suite's limit.
     */
    static long holdFor(long size, List<Long> offsets) {
        long last = offsets.isEmpty() ? 0 : offsets.get(offsets.size() - 1);
        long rest = size - last - CHUNK;
        return Math.max(MIB, Math.min(STREAM_LIMIT, rest / (HOLD.toSeconds() + 1)));
    }

    @AfterAll
    void stopCluster() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
            if (database != null) {
                database.close();
            }
        } finally {
            closeServices();
            if (cluster != null) {
                Files.writeString(Path.of("target", "fault-report.md"), report);
                System.out.println(report);
            }
        }
    }

    void closeServices() throws Exception {
        try {
            if (rabbitMq != null) {
                rabbitMq.close();
            }
        } finally {
            try {
                if (postgres != null) {
                    postgres.close();
                }
            } finally {
                if (s3 != null) {
                    s3.close();
                }
            }
        }
    }

    @Test
    @Order(1)
    void workersKilledMidFileAreResumedFromTheirCheckpoints() throws Exception {
        String job = submit(cluster.master().api(), "tree", "sink-worker-kills", "1h");
        long size = (long) LARGE_MIB * MIB;
        List<Double> takeovers = killTheLargeFilesCopierAt(job, killOffsets);
        int kills = takeovers.size();

        Map<String, JsonObject> done = awaitSynced(cluster.master().api(), job, tree, "sink-worker-kills", false);
        JsonObject large = done.get(SourceTree.LARGE);
        long reread = large.getJsonNumber("reread_bytes").longValue();
        int resumes = large.getInt("resumes");
        double bound = LEASE.plus(TAKEOVER_SLACK).toMillis() / 1000.0;
        row("1. worker `kill -9` mid-file", kills + " kills at " + killOffsets.stream().map(o -> o * 100 / size + "%")
                .collect(Collectors.joining(", ")), resumes + " resumes, " + mib(reread) + " MiB in all ("
                + mib(resumes == 0 ? 0 : reread / resumes) + " MiB per resume)", "taken over by another worker "
                + takeovers.stream().map(t -> t + " s").collect(Collectors.joining(", ")) + " after each kill (bound: lease "
                + LEASE.toSeconds() + " s + " + TAKEOVER_SLACK.toSeconds() + " s)");
        assertEquals(WORKER_KILLS, kills, "every kill landed mid-file, as the hold makes sure");
        // a kill just after the copy's lease was released between slices costs no resume: the
        // next slice was already on its way to another worker
        assertTrue(resumes >= 1, large::toString);
        assertTrue(reread <= (long) resumes * CHUNK, "at most one chunk read again per resume: " + large);
        assertTrue(takeovers.stream().allMatch(t -> t <= bound), "every dead worker's copy taken over within its lease"
                + " plus " + TAKEOVER_SLACK.toSeconds() + " s (" + bound + " s): " + takeovers);
    }

    /**
     * As scenario 1, to S3: the worker uploading the large file is killed mid-upload at random
     * parts; whoever takes over goes on from the checkpoint's upload (no finished part sent
     * again) and its digest state (nothing of the source read again to hash it), and the object
     * ends byte-identical.
     */
    @Test
    @Order(2)
    void workersKilledMidUploadToS3AreResumedFromTheirCheckpoints() throws Exception {
        String prefix = "worker-kills";
        Reply reply = cluster.master().api().post("api/jobs", jakarta.json.Json.createObjectBuilder()
                .add("source_path", "tree").add("source_type", "local")
                .add("sink_path", BUCKET + "/" + prefix).add("sink_type", "s3")
                .add("interval", "1h").build().toString());
        assertEquals(201, reply.status(), reply::toString);
        String job = reply.json().getString("job_id");
        long size = (long) LARGE_MIB * MIB;
        List<Double> takeovers = killTheLargeFilesCopierAt(job, s3KillOffsets);

        Map<String, JsonObject> done = awaitDone(cluster.master().api(), job, tree, false);
        assertObjectsAre(tree, prefix);
        JsonObject large = done.get(SourceTree.LARGE);
        long reread = large.getJsonNumber("reread_bytes").longValue();
        int resumes = large.getInt("resumes");
        row("1b. worker `kill -9` mid-upload to S3", takeovers.size() + " kills at " + s3KillOffsets.stream()
                .map(o -> o * 100 / size + "%").collect(Collectors.joining(", ")), resumes + " resumes, " + mib(reread)
                + " MiB in all, 0 for hashing (the digest state is checkpointed)", "taken over "
                + takeovers.stream().map(t -> t + " s").collect(Collectors.joining(", ")) + " after each kill; "
                + "the upload goes on from its checkpoint, no finished part sent again");
        assertEquals(S3_KILLS, takeovers.size(), "every kill landed mid-upload, as the hold makes sure");
        assertTrue(resumes >= 1, large::toString);
        // without the digest state, a resume at 5 % of the file or later would read at least 25 MiB again
        assertTrue(reread <= (long) resumes * CHUNK, "at most the part in flight read again per resume: " + large);
        assertTrue(s3.client().listMultipartUploads(r -> r.bucket(BUCKET)).uploads().isEmpty(),
                "no multipart upload is left");
        // the hold is lifted for the scenarios after this one
        cluster.replaceWorkersNotAt(STREAM_LIMIT);
    }

    /**
     * Kills the worker copying the large file once its progress passes each offset, and waits
     * for another worker to go on from its checkpoint; how long each takeover took, in seconds.
     */
    List<Double> killTheLargeFilesCopierAt(String job, List<Long> offsets) {
        List<Double> takeovers = new ArrayList<>();
        for (long offset : offsets) {
            Api api = cluster.master().api();
            // the fault is scheduled by observed progress; the hold keeps the file from ending first
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                    .until(() -> large(api, job).map(t -> copied(t) >= offset || isCompleted(t)).orElse(false));
            JsonObject holder = large(api, job).orElseThrow();
            if (isCompleted(holder)) {
                break;
            }
            long checkpoint = copied(holder);
            String killed = holder.getString("slave_id");
            Instant killedAt = Instant.now();
            if (!cluster.killWorker(killed)) {
                continue; // killed before: its lease has not run out yet; the next offset tries again
            }
            // taken over: a checkpoint past the dead worker's, by another worker
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> large(api, job)
                    .map(t -> isCompleted(t) || copied(t) > checkpoint && !t.getString("slave_id").equals(killed))
                    .orElse(false));
            takeovers.add(Duration.between(killedAt, Instant.now()).toMillis() / 1000.0);
        }
        return takeovers;
    }

    /** Every object under the prefix is the source file of its name, byte for byte, and there is nothing else. */
    void assertObjectsAre(SourceTree source, String prefix) throws IOException {
        Map<String, String> stored = new TreeMap<>();
        for (var object : s3.client().listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix + "/")).contents()) {
            try (var in = s3.client().getObject(r -> r.bucket(BUCKET).key(object.key()))) {
                stored.put(object.key().substring(prefix.length() + 1), SourceTree.sha256(in));
            }
        }
        assertEquals(source.sha256(), stored, "the objects are the source, byte for byte, and nothing else");
    }

    @Test
    @Order(3)
    void aMasterKilledDuringItsScanComesBackWithNoDuplicateTask() throws Exception {
        String job = submit(cluster.master().api(), "tree", "sink-master-kill", "1h");
        Api api = cluster.master().api();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> totalTasks(api, job) > 0);
        cluster.killMaster();
        long atKill = tasksInDatabase(job);
        Instant restartedAt = Instant.now();
        Api again = cluster.startMaster().api();
        await().atMost(WAIT).until(() -> lastScan(again, job).isAfter(restartedAt));
        double recovery = Duration.between(restartedAt, Instant.now()).toMillis() / 1000.0;

        awaitSynced(again, job, tree, "sink-master-kill", false);
        assertEquals(tree.sha256().size(), totalTasks(again, job), "one task per file, none taken twice");
        row("2. master `kill -9` during its scan", "1 kill with " + atKill + " of " + tree.sha256().size()
                + " tasks created", "-", recovery + " s from restart to a finished scan (boot included)");
    }

    @Test
    @Order(4)
    void rabbitMqStoppedAndStartedMidJobLosesNothing() throws Exception {
        Api api = cluster.master().api();
        String job = submit(api, "tree", "sink-rabbitmq", "1h");
        await().atMost(WAIT).until(() -> large(api, job).map(t -> copied(t) >= LARGE_MIB * (long) MIB / 4).orElse(false));
        long outage = 2000 + random.nextInt(3000);
        rabbitMq.stopApp();
        Thread.sleep(outage); // the fault's length, chosen by the seed: nothing to await
        rabbitMq.startApp();
        Instant back = Instant.now();

        awaitSynced(api, job, tree, "sink-rabbitmq", false);
        row("3. RabbitMQ `stop_app` / `start_app`", "1 outage of " + outage + " ms", "-",
                seconds(back) + " s from `start_app` to the job done");
    }

    @Test
    @Order(5)
    void postgresRestartedMidJobLosesNothing() throws Exception {
        Api api = cluster.master().api();
        String job = submit(api, "tree", "sink-postgres", "1h");
        // once as the first scan starts, once mid-copy
        postgres.restart();
        await().atMost(WAIT).until(() -> large(api, job).map(t -> copied(t) >= LARGE_MIB * (long) MIB / 4).orElse(false));
        postgres.restart();
        Instant back = Instant.now();

        awaitSynced(api, job, tree, "sink-postgres", false);
        boolean scanRetried = Files.readString(cluster.master().log()).contains("Scan of job " + job + " failed");
        row("4. PostgreSQL restarted", "2 restarts: at the first scan" + (scanRetried ? " (cut off, retried)" : "")
                + ", at 25% of the large file", "-", seconds(back) + " s from the second restart to the job done");
    }

    @Test
    @Order(6)
    void filesAppendedToAndTruncatedDuringTheirCopiesAreNeverCompletedStale() throws Exception {
        Path source = cluster.base().resolve("changing");
        SourceTree.create(source.resolve("a"), SEED + 1, 128, 0);
        SourceTree.create(source.resolve("b"), SEED + 2, 128, 0);
        Api api = cluster.master().api();
        String job = submit(api, "changing", "sink-changing", "1s");
        awaitCopying(api, job, "a/large.bin");
        Files.write(source.resolve("a/large.bin"), new byte[3 * MIB], StandardOpenOption.APPEND);
        awaitCopying(api, job, "b/large.bin");
        try (var file = new java.io.RandomAccessFile(source.resolve("b/large.bin").toFile(), "rw")) {
            file.setLength(5L * MIB);
        }

        awaitSynced(api, job, SourceTree.read(source), "sink-changing", true);
        long failed = tasks(api, job).stream().filter(t -> t.getString("status").equals("failed")).count();
        row("5. source appended to and truncated mid-copy", "2 files changed", "-",
                failed + " stale attempts ended `failed`, final versions completed");
    }

    @Test
    @Order(7)
    void everyTaskDeliveredThreeTimesIsCopiedOnce() throws Exception {
        Api api = cluster.master().api();
        String job = submit(api, "tree", "sink-duplicates", "1h");
        await().atMost(WAIT).until(() -> totalTasks(api, job) == tree.sha256().size());
        List<String> ids = tasks(api, job).stream().map(t -> t.getString("task_id")).toList();
        int sent = publishAgain(ids, 2);

        Map<String, JsonObject> done = awaitSynced(api, job, tree, "sink-duplicates", false);
        done.values().forEach(task -> assertEquals(1, task.getInt("attempts"), "taken once: " + task));
        row("6. duplicate delivery", sent + " extra messages (every task 3 times)", "-",
                "each task taken once (attempts 1), each file written once");
    }

    @Test
    @Order(8)
    void theEmbeddedNodeKilledMidJobCompletesAfterARestart() throws Exception {
        Path embeddedDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "faults-embedded-");
        SourceTree local = SourceTree.create(embeddedDir.resolve("base/tree"), SEED + 7, LARGE_MIB, SMALL_FILES);
        Database sqlite = new Database.Sqlite(embeddedDir.resolve("var/syncf.db"));
        Map<String, String> settings = new java.util.HashMap<>(Cluster.WORKER);
        settings.putAll(Cluster.MASTER);
        settings.put("SYNCF_MQ_URL", ""); // the embedded broker
        Node node = Node.start(embeddedDir, sqlite, settings, "start");
        String job;
        long fraction = 20 + random.nextInt(60);
        Instant restartedAt;
        try {
            job = submit(node.api(), "tree", "sink", "1h");
            long at = LARGE_MIB * (long) MIB * fraction / 100;
            await().atMost(WAIT).until(() -> large(node.api(), job).map(t -> copied(t) >= at).orElse(false));
        } finally {
            node.kill();
        }
        restartedAt = Instant.now();
        try (Node again = Node.start(embeddedDir, sqlite, settings, "start")) {
            awaitSynced(again.api(), job, local, "sink", false);
            row("7. one node (`./syncf start`) `kill -9`", "1 kill at " + fraction + "% of the large file", "-",
                    seconds(restartedAt) + " s from restart (boot included) to the job done");
        }
    }

    // ------------------------------------------------------------------ the end-of-scenario check

    /**
     * Waits until the job is done, then checks what a user would: one completed task per source
     * file with its SHA-256, no task lost or left unfinished, and the sink equal to the source,
     * file for file, with no part file.
     */
    static Map<String, JsonObject> awaitSynced(Api api, String job, SourceTree source, String sinkPath,
            boolean staleAttemptsAllowed) throws IOException {
        Map<String, JsonObject> completed = awaitDone(api, job, source, staleAttemptsAllowed);
        Path sinkRoot = source.root().getParent().resolve(sinkPath);
        Map<String, String> copied = new TreeMap<>();
        try (Stream<Path> all = Files.walk(sinkRoot)) {
            for (Path file : all.filter(p -> !Files.isDirectory(p)).toList()) {
                copied.put(sinkRoot.relativize(file).toString(), SourceTree.sha256(file));
            }
        }
        assertEquals(source.sha256(), copied, "the sink is the source, byte for byte, and holds nothing else");
        return completed;
    }

    /** Waits until the job is done: one completed task per source file with its checksum, none lost, none twice. */
    static Map<String, JsonObject> awaitDone(Api api, String job, SourceTree source, boolean staleAttemptsAllowed) {
        int files = source.sha256().size();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonObject summary = summary(api, job);
            return summary.getInt("completed") >= files && summary.getInt("pending") + summary.getInt("in_progress")
                    + summary.getInt("retrying") == 0;
        });
        Map<String, JsonObject> completed = new TreeMap<>();
        for (JsonObject task : tasks(api, job)) {
            String path = task.getString("file_path");
            switch (task.getString("status")) {
                case "completed" -> {
                    JsonObject twice = completed.put(path, task);
                    assertEquals(null, twice, "completed twice: " + path);
                }
                case "failed" -> assertTrue(staleAttemptsAllowed && task.getString("last_error").contains("changed"),
                        "a failed task: " + task);
                default -> throw new AssertionError("a task left unfinished: " + task);
            }
        }
        assertEquals(source.sha256().keySet(), completed.keySet(), "one completed task per source file, none lost");
        source.sha256().forEach((path, sha) -> assertEquals(sha, completed.get(path).getString("checksum"), path));
        return completed;
    }

    // ------------------------------------------------------------------ API and fault helpers

    static String submit(Api api, String source, String sink, String interval) {
        Reply reply = api.post("api/jobs", Jobs.request(source, sink, interval));
        assertEquals(201, reply.status(), reply::toString);
        return reply.json().getString("job_id");
    }

    static List<JsonObject> tasks(Api api, String job) {
        List<JsonObject> all = new ArrayList<>();
        for (int offset = 0;; offset += 1000) {
            List<JsonObject> page = api.get("api/jobs/" + job + "/tracking?limit=1000&offset=" + offset).json()
                    .getJsonArray("tasks").stream().map(v -> v.asJsonObject()).toList();
            all.addAll(page);
            if (page.size() < 1000) {
                return all;
            }
        }
    }

    static java.util.Optional<JsonObject> large(Api api, String job) {
        return api.get("api/jobs/" + job + "/tracking?status=in_progress&limit=1000").json().getJsonArray("tasks")
                .stream().map(v -> v.asJsonObject()).filter(t -> t.getString("file_path").equals(SourceTree.LARGE))
                .findFirst()
                .or(() -> api.get("api/jobs/" + job + "/tracking?status=completed&limit=1000").json()
                        .getJsonArray("tasks").stream().map(v -> v.asJsonObject())
                        .filter(t -> t.getString("file_path").equals(SourceTree.LARGE)).findFirst());
    }

    /**
     * Waits until the file's copy is under way, or already done: on a slow poll the copy may be
     * missed, and the scenario's check (only the final version completes) holds either way.
     */
    static void awaitCopying(Api api, String job, String path) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> tasks(api, job).stream()
                .anyMatch(t -> t.getString("file_path").equals(path) && (isCompleted(t)
                        || t.getString("status").equals("in_progress") && copied(t) > 0)));
    }

    static JsonObject summary(Api api, String job) {
        return api.get("api/jobs/" + job + "/tracking?limit=1").json().getJsonObject("summary");
    }

    static int totalTasks(Api api, String job) {
        return summary(api, job).getInt("total_tasks");
    }

    static long copied(JsonObject task) {
        return task.getJsonNumber("copied_bytes").longValue();
    }

    static boolean isCompleted(JsonObject task) {
        return task.getString("status").equals("completed");
    }

    static Instant lastScan(Api api, String job) {
        JsonObject view = api.get("api/jobs/" + job).json();
        return view.isNull("last_scan_at") ? Instant.EPOCH : Instant.parse(view.getString("last_scan_at"));
    }

    /** Counted in the database itself: the master that would answer is dead. */
    long tasksInDatabase(String job) throws java.sql.SQLException {
        try (java.sql.Connection connection = database.connect();
                PreparedStatement count = connection.prepareStatement("select count(*) from sync_task where job_id = ?")) {
            count.setString(1, job);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Sends each task id {@code times} more times to the task queue, as a broker redelivering would, in the master's format. */
    int publishAgain(List<String> taskIds, int times) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(rabbitMq.url());
        AMQP.BasicProperties text = new AMQP.BasicProperties.Builder()
                .deliveryMode(2).headers(java.util.Map.of("JMSType", "TextMessage")).build();
        int sent = 0;
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            for (int i = 0; i < times; i++) {
                for (String id : taskIds) {
                    channel.basicPublish("", "syncf.tasks", text, id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    sent++;
                }
            }
        }
        return sent;
    }

    void row(String scenario, String faults, String reread, String recovery) {
        report.append("| ").append(scenario).append(" | ").append(faults).append(" | ").append(reread).append(" | ")
                .append(recovery).append(" | nothing |\n");
    }

    static String mib(long bytes) {
        return String.format("%.1f", bytes / (double) MIB);
    }

    static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }

    static String range(List<Double> values) {
        if (values.isEmpty()) {
            return "-";
        }
        return values.stream().min(Double::compare).orElseThrow() + "-" + values.stream().max(Double::compare).orElseThrow();
    }
}
