package syncf.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A node is ready when it says so, and never answers with an HTML page: over many boots, a
 * client polls {@code /health} from the moment the process starts and calls the API in the same
 * instant it says UP, as a script or an orchestrator's readiness probe would; every answer on
 * the way (booting, serving, shutting down, {@code /}, a path outside {@code /api}) must be
 * the API's own: JSON, or an {@code application/problem+json} problem.
 *
 * <p>Runs in the sqlite execution only: what it tests is how Payara Micro deploys and opens the
 * node (docs/adr/0012), the same on either database; each boot costs 15-20 s on two cores.
 */
@EnabledIfSystemProperty(named = "syncf.it.db", matches = "sqlite")
class ReadinessIT {

    static final int BOOTS = Integer.getInteger("syncf.it.readiness.boots", 6);
    static final int CLUSTER_BOOTS = Integer.getInteger("syncf.it.readiness.cluster-boots", 2);
    static final Duration BOOT_TIMEOUT = Node.BOOT_TIMEOUT;
    /** What ./syncf prints once the node is ready, whatever its roles ("master + worker ready on ..."). */
    static final String READY_LINE = " ready on http://127.0.0.1:";

    @Test
    void oneNodeServesTheApiTheInstantHealthSaysUp() throws IOException {
        for (int boot = 1; boot <= BOOTS; boot++) {
            Path workDir = workDir("start-" + boot);
            try (Database database = Database.forRun(workDir)) {
                Node node = Node.launch(workDir, database, Map.of(), "start");
                try {
                    Boot seen = watchBoot(node, true);
                    assertTrue(Files.readString(node.log()).contains("syncf: master + worker ready on http://"));
                    System.out.printf("boot %d (start): %s%n", boot, seen);
                } finally {
                    System.out.printf("shutdown %d (start): %s%n", boot, watchShutdown(node));
                }
            }
        }
    }

    @Test
    void aMasterAndAWorkerAreReadyWhenTheySaySo() throws IOException {
        for (int boot = 1; boot <= CLUSTER_BOOTS; boot++) {
            Path workDir = workDir("roles-" + boot);
            try (Database database = Database.forRun(workDir)) {
                Node master = Node.launch(workDir, database, Map.of(), "master");
                try {
                    System.out.printf("boot %d (master): %s%n", boot, watchBoot(master, true));
                    Node worker = Node.launch(workDir, database, Map.of("SYNCF_MQ_URL", master.brokerUri()), "worker",
                            "ready-" + boot);
                    try {
                        System.out.printf("boot %d (worker): %s%n", boot, watchBoot(worker, false));
                        assertTrue(Files.readString(worker.log()).contains("syncf: worker ready on http://"));
                    } finally {
                        System.out.printf("shutdown %d (worker): %s%n", boot, watchShutdown(worker));
                    }
                } finally {
                    System.out.printf("shutdown %d (master): %s%n", boot, watchShutdown(master));
                }
            }
        }
    }

    /** What a client saw while the node booted. */
    record Boot(Duration ready, int polls, int refused, int down) {
    }

    /**
     * Polls {@code /health} (and the API) until UP, failing on any HTML answer; the instant it is
     * UP, calls the API, {@code /} and a path outside the API.
     */
    private static Boot watchBoot(Node node, boolean master) throws IOException {
        long started = System.nanoTime();
        int[] polls = new int[3]; // polls, refused, down
        Path source = Files.createDirectories(node.base().resolve("docs"));
        Files.writeString(source.resolve("readme.txt"), "ready");
        try {
            await("ready: " + node.log()).atMost(BOOT_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        polls[0]++;
                        if (!node.isAlive() || node.failedToBoot()) {
                            throw new AssertionError("node did not boot:\n" + node.logTail());
                        }
                        // read before asking: once ./syncf has said "ready", the node must be
                        boolean announced = Files.readString(node.log()).contains(READY_LINE);
                        Optional<Reply> health = answer(node.api(), "health");
                        if (announced) {
                            assertTrue(health.isPresent() && health.get().status() == 200,
                                    "./syncf said ready before the node was: " + health);
                        }
                        if (health.isEmpty()) {
                            polls[1]++;
                            return false;
                        }
                        assertJson(health.get(), "application/json");
                        if (master) {
                            // from its first answer on, the node serves its API: never a 404 or 503 there
                            answer(node.api(), "api/jobs").ifPresent(jobs -> {
                                assertEquals(200, jobs.status(), jobs::toString);
                                assertJson(jobs, "application/json");
                            });
                        }
                        if (health.get().status() != 200) {
                            assertEquals(503, health.get().status(), health.get()::toString);
                            polls[2]++;
                            return false;
                        }
                        assertEquals("UP", health.get().json().getString("status"));
                        node.checks().forEach(check -> assertTrue(health.get().body().contains("\"" + check + "\""),
                                "UP with the check " + check + ": " + health.get()));
                        return true;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not ready after " + BOOT_TIMEOUT + ":\n" + node.logTail(), e);
        }
        Duration ready = Duration.ofNanos(System.nanoTime() - started);
        Api api = node.api();
        if (master) {
            Reply jobs = api.get("api/jobs");
            assertEquals(200, jobs.status(), jobs::toString);
            assertJson(jobs, "application/json");
            Reply submitted = api.post("api/jobs", Jobs.request("docs", "backup/docs", "5m"));
            assertEquals(201, submitted.status(), submitted::toString);
            assertJson(submitted, "application/json");
        } else {
            Problems.assertProblem(api.get("api/jobs"), 404, "http-404"); // a worker serves no API
        }
        Problems.assertProblem(api.get(""), 404, "http-404");
        Problems.assertProblem(api.get("no/such/path.html"), 404, "http-404");
        assertEquals(200, api.get("health/live").status());
        assertEquals(200, api.get("health/ready").status());
        await("./syncf says where it listens once ready").atMost(Duration.ofSeconds(30))
                .until(() -> Files.readString(node.log()).contains(READY_LINE));
        return new Boot(ready, polls[0], polls[1], polls[2]);
    }

    /**
     * Stops the node as Ctrl-C would while a client keeps calling it, and returns what the client
     * saw until the process was gone. Reported, not asserted: Payara stops the applications while
     * its listener still answers, for 1-3 s, with 503s and 500s of its own, bodiless or (seen
     * once, from the master's "/" context being stopped) its HTML error page: the part of "no
     * HTML in any state" that is still open (docs/adr/0012).
     */
    private static List<String> watchShutdown(Node node) {
        List<String> seen = new ArrayList<>();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(node::close);
        await("stopped: " + node.log()).atMost(Duration.ofMinutes(2)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20)).until(() -> {
                    for (String path : List.of("health", "api/jobs", "")) {
                        answer(node.api(), path).ifPresent(reply -> {
                            String what = reply.status() + " " + reply.contentType() + " /" + path
                                    + (reply.body().contains("<html") ? " (an HTML page)" : "");
                            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(what)) {
                                seen.add(what);
                            }
                        });
                    }
                    return stopping.isDone();
                });
        stopping.join();
        return seen;
    }

    /** The node's answer, or empty while nothing listens (the node is not ready, or is gone). */
    private static Optional<Reply> answer(Api api, String path) {
        try {
            return Optional.of(api.get(path));
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static void assertJson(Reply reply, String type) {
        assertFalse(reply.contentType().startsWith("text/html"), () -> "an HTML page: " + reply);
        if (reply.status() >= 400 && !reply.contentType().startsWith("application/json")) {
            assertTrue(reply.contentType().startsWith("application/problem+json"), reply::toString);
        } else {
            assertTrue(reply.contentType().startsWith(type), reply::toString);
        }
    }

    private static Path workDir(String name) throws IOException {
        return Files.createDirectories(Path.of("target", "nodes", "readiness-" + System.currentTimeMillis() + "-" + name))
                .toAbsolutePath();
    }
}
