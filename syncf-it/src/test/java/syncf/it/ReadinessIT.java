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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A node is ready when it says so, and never answers with an HTML page: over several boots, a
 * client polls {@code /health} from the moment the process starts and calls the API in the same
 * instant it says UP, as a script or an orchestrator's readiness probe would; then, on the same
 * boot, a client thread calls the API, health, an unknown path and {@code /} round after round
 * while the node gets SIGTERM. Every answer on the way (booting, serving, stopping) must be the
 * API's own: JSON, or an {@code application/problem+json} problem; a refused or closed
 * connection is what a client gets while nothing listens.
 *
 * <p>3 single-node boots and 1 master + worker by default (5 stops): each mechanism holds by
 * construction (the listener is closed until everything is deployed, and closed first when the
 * node stops, docs/adr/0012), so a regression shows on every boot and every stop (before the
 * stop fix, every stop showed Payara's bodiless 503s); {@code -Dsyncf.it.readiness.boots=N} and
 * {@code -Dsyncf.it.readiness.cluster-boots=N} hunt longer.
 *
 * <p>Runs in the sqlite execution only: what it tests is how Payara Micro deploys, opens and
 * stops the node, the same on either database; each boot costs 15-20 s on two cores.
 */
@EnabledIfSystemProperty(named = "syncf.it.db", matches = "sqlite")
class ReadinessIT {

    static final int BOOTS = Integer.getInteger("syncf.it.readiness.boots", 3);
    static final int CLUSTER_BOOTS = Integer.getInteger("syncf.it.readiness.cluster-boots", 1);
    static final Duration BOOT_TIMEOUT = Node.BOOT_TIMEOUT;
    /** What ./syncf prints once the node is ready, whatever its roles ("master + worker ready on ..."). */
    static final String READY_LINE = " ready on http://127.0.0.1:";

    @Test
    void oneNodeServesTheApiTheInstantHealthSaysUpAndStopsWithoutAPage() throws IOException {
        for (int boot = 1; boot <= BOOTS; boot++) {
            Path workDir = workDir("start-" + boot);
            try (Database database = Database.forRun(workDir)) {
                Node node = Node.launch(workDir, database, Map.of(), "start");
                try {
                    Boot seen = watchBoot(node, true);
                    assertTrue(Files.readString(node.log()).contains("syncf: master + worker ready on http://"));
                    System.out.printf("boot %d (start): %s%n", boot, seen);
                    watchShutdown(node, "start " + boot);
                } finally {
                    node.close(); // stopped already, unless the boot failed
                }
            }
        }
    }

    @Test
    void aMasterAndAWorkerAreReadyWhenTheySaySoAndStopWithoutAPage() throws IOException {
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
                        watchShutdown(worker, "worker " + boot);
                    } finally {
                        worker.close();
                    }
                    watchShutdown(master, "master " + boot);
                } finally {
                    master.close();
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
            Reply page = api.get("");
            assertEquals(200, page.status(), page::toString);
            assertTrue(page.contentType().startsWith("text/html") && page.body().contains(DASHBOARD), page::toString);
        } else {
            Problems.assertProblem(api.get("api/jobs"), 404, "http-404"); // a worker serves no API
            Problems.assertProblem(api.get(""), 404, "http-404"); // nor a page
        }
        Problems.assertProblem(api.get("no/such/path.html"), 404, "http-404");
        assertEquals(200, api.get("health/live").status());
        assertEquals(200, api.get("health/ready").status());
        await("./syncf says where it listens once ready").atMost(Duration.ofSeconds(30))
                .until(() -> Files.readString(node.log()).contains(READY_LINE));
        return new Boot(ready, polls[0], polls[1], polls[2]);
    }

    /** What marks the master's own page (docs/adr/0025) among HTML pages. */
    static final String DASHBOARD = "<title>SyncF</title>";

    /** The paths a client hammers while a node stops: the API, health, an unknown path, and "/". */
    static final List<String> HAMMERED = List.of("api/jobs", "health", "no/such/path", "");

    /**
     * What a client saw while one node stopped, from a client thread that called {@link #HAMMERED}
     * round after round from before the SIGTERM until the process was gone: answers of the API's
     * own (JSON: the API, health UP or DOWN), problems ({@code application/problem+json}),
     * refused connections, connections closed under a request, and anything else (bad: an HTML
     * page, an empty-bodied 5xx, another content type).
     */
    record Stop(Duration exited, int answersBefore, int answersAfter, int problems, int refused, int closed,
            Map<String, Integer> bad) {

        @Override
        public String toString() {
            return String.format("exited %d ms after SIGTERM; answers %d before and %d after it (%d problems), "
                    + "%d refused, %d closed, %d bad%s", exited.toMillis(), answersBefore, answersAfter, problems,
                    refused, closed, bad.values().stream().mapToInt(Integer::intValue).sum(), bad.isEmpty() ? "" : ": " + bad);
        }
    }

    /**
     * Stops the node as Ctrl-C or an orchestrator would (SIGTERM) while a client thread keeps
     * calling it, and fails on any answer that is not the API's own (docs/adr/0012): the node
     * closes its HTTP listener before Payara undeploys the applications, so from the signal on a
     * client gets either what the API answers or a refused (or, in flight, closed) connection;
     * never Payara's bodiless 503/500 or its HTML page, as it did before.
     */
    private static Stop watchShutdown(Node node, String role) throws IOException {
        long[] signalledAt = {0};
        int[] counts = new int[5]; // answers before the signal, after it, problems, refused, closed
        Map<String, Integer> bad = new LinkedHashMap<>(); // what was wrong, and how often
        CompletableFuture<Void> client = CompletableFuture.runAsync(() -> await("a client calling " + node.api())
                .atMost(Duration.ofMinutes(3)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> {
                    boolean alive = node.isAlive(); // before the round: its answers then are from a living node
                    for (String path : HAMMERED) {
                        try {
                            Reply reply = node.api().get(path);
                            synchronized (counts) {
                                counts[signalledAt[0] == 0 ? 0 : 1]++;
                                ownAnswer(reply).ifPresentOrElse(what -> bad.merge(what + " at /" + path, 1, Integer::sum),
                                        () -> counts[2] += reply.contentType().startsWith("application/problem+json") ? 1 : 0);
                            }
                        } catch (UncheckedIOException e) {
                            synchronized (counts) {
                                counts[refused(e) ? 3 : 4]++;
                            }
                        }
                    }
                    return !alive;
                }));
        await("the client has its answers").atMost(Duration.ofMinutes(1)).until(() -> {
            synchronized (counts) {
                return counts[0] >= 3 * HAMMERED.size() || client.isDone(); // three rounds: the client is in its stride
            }
        });
        long signalled = System.nanoTime();
        synchronized (counts) {
            signalledAt[0] = signalled;
        }
        node.close();
        Duration exited = Duration.ofNanos(System.nanoTime() - signalled);
        client.join();
        Stop stop;
        synchronized (counts) {
            stop = new Stop(exited, counts[0], counts[1], counts[2], counts[3], counts[4],
                    java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bad)));
        }
        System.out.printf("stop (%s): %s%n", role, stop);
        assertTrue(stop.bad().isEmpty(), () -> "answers that are not the API's own while the node stopped: " + stop);
        assertEquals(143, node.exitValue(), () -> "ended by the SIGTERM, by itself: " + stop + "\n" + node.logTail());
        assertTrue(Files.readString(node.log()).contains("Stopping on SIGTERM: HTTP listener http-listener closed"),
                () -> "the listener was closed first:\n" + node.logTail());
        return stop;
    }

    /** Empty if the reply is one the API itself gives (JSON, or a problem); otherwise what is wrong with it. */
    private static Optional<String> ownAnswer(Reply reply) {
        String type = reply.contentType();
        if (reply.status() == 200 && type.startsWith("text/html") && reply.body().contains(DASHBOARD)) {
            return Optional.empty(); // the master's page at "/"
        }
        if (type.startsWith("text/html") || reply.body().contains("<html") || reply.body().contains("<!DOCTYPE")) {
            return Optional.of(reply.status() + " " + type + " (an HTML page)");
        }
        if (reply.status() >= 500 && reply.body().isBlank()) {
            return Optional.of(reply.status() + " " + type + " with an empty body");
        }
        if (!type.startsWith("application/json") && !type.startsWith("application/problem+json")) {
            return Optional.of(reply.status() + " " + type + ": " + reply.body());
        }
        return Optional.empty();
    }

    /** A refused connection (nothing listens), as against one closed under a request in flight. */
    private static boolean refused(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
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
