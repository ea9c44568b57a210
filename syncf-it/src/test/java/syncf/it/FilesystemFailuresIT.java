package syncf.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a filesystem refuses: a sink that fills up mid-copy (a tmpfs this test mounts inside the
 * base, then grows) and source files and directories the node may not read. The node runs as
 * the unprivileged user {@code nobody} ({@code setpriv}): as root it would read anything. Short
 * interval, fast retries, and a retake backoff capped at 4 s, so that a later scan takes a failed
 * file again within seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one node per class, held by the instance, not static state
class FilesystemFailuresIT {

    static final int MIB = 1 << 20;
    static final Duration WAIT = Duration.ofMinutes(2);
    static final String INTERVAL = "2s";
    static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups");
    static final int NOBODY_UID = 65534;
    static final Map<String, String> SETTINGS = Map.of(
            "SYNCF_TRANSFER_MAX_ATTEMPTS", "3",
            "SYNCF_TRANSFER_RETRY_BACKOFF", "PT0.2S",
            "SYNCF_SCAN_RETAKE_MAX_DELAY", "PT4S");

    private final Path workDir;
    private Database database;
    private Vhost vhost;
    private Node node;

    FilesystemFailuresIT() throws IOException {
        workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "fs-failures-");
    }

    @BeforeAll
    void startANodeAsNobody() throws IOException {
        Files.createDirectories(workDir.resolve("base"));
        Files.createDirectories(workDir.resolve("var"));
        // the node writes its base (sinks), its var dir (SQLite, rendered server files) and nothing else
        run("chown", "-R", "nobody:nogroup", workDir.toString());
        database = Database.forRun(workDir);
        Map<String, String> settings = new HashMap<>(SETTINGS);
        if (Node.ON_RABBITMQ) {
            vhost = Vhost.create(); // a queue of its own: the run's shared node must not take this node's tasks
            settings.put("SYNCF_MQ_URL", vhost.url());
        }
        node = Node.start(workDir, database, settings, AS_NOBODY, "start");
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
        }
    }

    @Test
    void aSinkThatFillsUpFailsTheFilesThatDoNotFitWithNoSpaceAndALaterScanCopiesThemOnceThereIsRoom()
            throws IOException {
        Path source = Files.createDirectories(node.base().resolve("big"));
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 1; i <= 6; i++) {
            files.put("f" + i + ".bin", Content.bytes(i, 6 * MIB));
            Files.write(source.resolve("f" + i + ".bin"), files.get("f" + i + ".bin"));
        }
        Path sink = Files.createDirectories(node.base().resolve("full-sink"));
        run("mount", "-t", "tmpfs", "-o", "size=24m,mode=0777", "tmpfs", sink.toString());
        Set<String> partialTargets = ConcurrentHashMap.newKeySet();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        try {
            // every 10 ms, every name a user sees at the sink must be a whole file
            watcher.scheduleWithFixedDelay(() -> partialTargets.addAll(partialTargets(sink, 6L * MIB)), 0, 10,
                    TimeUnit.MILLISECONDS);
            String job = submit("big", "full-sink");

            await().atMost(WAIT).until(() -> {
                Map<String, JsonObject> latest = latest(job);
                return latest.size() == 6 && latest.values().stream().allMatch(t -> status(t).equals("completed")
                        || status(t).equals("failed")) && latest.values().stream().anyMatch(t -> status(t).equals("failed"));
            });
            Map<String, JsonObject> first = latest(job);
            List<String> full = new ArrayList<>();
            for (var file : first.entrySet()) {
                JsonObject task = file.getValue();
                if (status(task).equals("completed")) {
                    assertEquals(Content.sha256(source.resolve(file.getKey())), task.getString("checksum"));
                    assertArrayEquals(files.get(file.getKey()), Files.readAllBytes(sink.resolve(file.getKey())));
                } else {
                    full.add(file.getKey());
                    assertEquals("cannot write the sink: no space left on device", task.getString("last_error"),
                            task::toString);
                    assertEquals(3, task.getInt("attempts"), "retried (SYNCF_TRANSFER_MAX_ATTEMPTS) before it failed");
                    assertFalse(Files.exists(sink.resolve(file.getKey())), file.getKey());
                }
            }
            assertTrue(full.size() < 6, "the files that fit were copied: " + first);

            // still full: later scans take the failed files again, each wait twice the last, capped at 4 s
            await().atMost(WAIT).until(() -> tasks(job).stream().filter(t -> full.contains(t.getString("file_path"))
                    && status(t).equals("failed")).count() > full.size()
                    && tasks(job).stream().anyMatch(t -> !t.isNull("next_attempt_at")));
            for (JsonObject task : tasks(job)) {
                if (status(task).equals("failed")) {
                    assertEquals("cannot write the sink: no space left on device", task.getString("last_error"));
                    if (!task.isNull("next_attempt_at")) {
                        Duration wait = Duration.between(Instant.parse(task.getString("updated_at")),
                                Instant.parse(task.getString("next_attempt_at")));
                        assertTrue(wait.equals(Duration.ofSeconds(2)) || wait.equals(Duration.ofSeconds(4)),
                                "one interval, then two, capped: " + task);
                    }
                }
            }
            assertEquals("running", node.api().get("api/jobs/" + job).json().getString("status"));

            run("mount", "-o", "remount,size=64m", sink.toString());

            await().atMost(WAIT).until(() -> latest(job).values().stream().allMatch(t -> status(t).equals("completed")));
            for (var file : files.entrySet()) {
                assertArrayEquals(file.getValue(), Files.readAllBytes(sink.resolve(file.getKey())), file.getKey());
            }
            for (String name : full) {
                assertTrue(tasks(job).stream().filter(t -> t.getString("file_path").equals(name)).count() >= 3,
                        "failed, taken again while still full, then copied: " + name);
            }
            assertEquals(List.of(), InterruptedCopyIT.partFiles(sink));
            assertEquals(Set.of(), partialTargets, "a target name never showed a partial file");
        } finally {
            watcher.shutdownNow();
            run("umount", "--lazy", sink.toString());
        }
    }

    @Test
    void anUnreadableFileFailsWithPermissionDeniedAnUnreadableDirectoryIsReportedAndBothAreCopiedOnceReadable()
            throws IOException {
        Path source = Files.createDirectories(node.base().resolve("locked"));
        Files.writeString(source.resolve("ok.txt"), "readable");
        Path secret = Files.writeString(source.resolve("secret.txt"), "not for nobody yet");
        Path bigSecret = Files.write(source.resolve("big-secret.bin"), Content.bytes(7, 3 * MIB));
        Path hidden = Files.createDirectories(source.resolve("private"));
        Files.writeString(hidden.resolve("inside.txt"), "behind a closed directory");
        for (Path locked : List.of(secret, bigSecret, hidden)) {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        }
        String job = submit("locked", "locked-copy");
        Path sink = node.base().resolve("locked-copy");

        await().atMost(WAIT).until(() -> {
            Map<String, JsonObject> latest = latest(job);
            return latest.size() == 3 && status(latest.get("ok.txt")).equals("completed")
                    && status(latest.get("secret.txt")).equals("failed")
                    && status(latest.get("big-secret.bin")).equals("failed");
        });
        for (String name : List.of("secret.txt", "big-secret.bin")) { // a batch of small files, the chunked path
            JsonObject failed = latest(job).get(name);
            assertEquals("cannot read the source: permission denied", failed.getString("last_error"), failed::toString);
            assertFalse(Files.exists(sink.resolve(name)));
        }
        assertEquals("readable", Files.readString(sink.resolve("ok.txt")));
        assertEquals(NOBODY_UID, Files.getAttribute(sink.resolve("ok.txt"), "unix:uid"), "the node runs as nobody");
        JsonObject jobView = node.api().get("api/jobs/" + job).json();
        assertEquals("running", jobView.getString("status"));
        assertEquals("cannot read directory \"private\" of the source: permission denied;"
                + " its entries are not synced until a scan can read it", jobView.getString("last_scan_error"));

        for (Path locked : List.of(secret, bigSecret)) {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.setPosixFilePermissions(hidden, PosixFilePermissions.fromString("rwxr-xr-x"));

        // a chmod leaves size and mtime alone: the retake rule, not a changed version, brings them back
        await().atMost(WAIT).until(() -> {
            Map<String, JsonObject> latest = latest(job);
            return latest.size() == 4 && latest.values().stream().allMatch(t -> status(t).equals("completed"));
        });
        assertEquals("not for nobody yet", Files.readString(sink.resolve("secret.txt")));
        assertArrayEquals(Files.readAllBytes(bigSecret), Files.readAllBytes(sink.resolve("big-secret.bin")));
        assertEquals("behind a closed directory", Files.readString(sink.resolve("private/inside.txt")));
        await().atMost(WAIT).until(() -> node.api().get("api/jobs/" + job).json().isNull("last_scan_error"));
        assertEquals(1, tasks(job).stream().filter(t -> t.getString("file_path").equals("ok.txt")).count(),
                "a completed file is never taken again");
    }

    String submit(String source, String sink) {
        Reply reply = node.api().post("api/jobs", Jobs.request(source, sink, INTERVAL));
        assertEquals(201, reply.status(), reply::toString);
        return reply.json().getString("job_id");
    }

    List<JsonObject> tasks(String job) {
        return node.api().get("api/jobs/" + job + "/tracking?limit=1000").json().getJsonArray("tasks").stream()
                .map(v -> v.asJsonObject()).toList();
    }

    /** The newest task of each file: tracking lists tasks oldest first. */
    Map<String, JsonObject> latest(String job) {
        Map<String, JsonObject> latest = new LinkedHashMap<>();
        tasks(job).forEach(t -> latest.put(t.getString("file_path"), t));
        return latest;
    }

    static String status(JsonObject task) {
        return task.getString("status");
    }

    /** The names at the sink (part files aside) whose file is not whole. */
    static List<String> partialTargets(Path sink, long size) {
        try (Stream<Path> entries = Files.list(sink)) {
            return entries.filter(p -> !p.getFileName().toString().endsWith(".syncf-part"))
                    .filter(p -> {
                        try {
                            return Files.size(p) != size;
                        } catch (IOException e) {
                            return false; // renamed or removed between listing and reading
                        }
                    })
                    .map(p -> p.getFileName() + " (" + sizeOrGone(p) + " bytes)").toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String sizeOrGone(Path p) {
        try {
            return Long.toString(Files.size(p));
        } catch (IOException e) {
            return "gone";
        }
    }

    static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", command) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
