package syncf.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A node with a credentials file made by {@code ./syncf hash-password} and {@code new-token}
 * (an operator, a viewer, a viewer's token), called as curl would: without credentials, with
 * wrong ones, in each role, and by a guesser; and nodes that must not start at all.
 * One node for the class, held by the test instance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticationIT {

    static final String OPERATOR_PASSWORD = "correct horse battery";
    static final String VIEWER_PASSWORD = "viewer's own: pass";
    static final int FAILURES_PER_WINDOW = 8;
    static final Duration WINDOW = Duration.ofSeconds(5);
    static final String NO_JOB = "api/jobs/00000000-0000-0000-0000-000000000000";

    private Path workDir;
    private Database database;
    /** On the RabbitMQ stack, a vhost of this class's own: no other node takes its tasks. */
    private Vhost vhost;
    private Node node;
    private String token;
    private Api anonymous;
    private Api operator;
    private Api viewer;

    @BeforeAll
    void startANodeWithCredentials() throws IOException {
        workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "auth-");
        Path credentials = workDir.resolve("credentials");
        List<String> lines = new ArrayList<>();
        lines.add("# made by ./syncf hash-password and ./syncf new-token");
        lines.add(syncf(OPERATOR_PASSWORD + "\n", "hash-password", "alice", "operator").stdout().strip());
        lines.add(syncf(VIEWER_PASSWORD + "\n", "hash-password", "bob", "viewer").stdout().strip());
        Run newToken = syncf("", "new-token", "ci", "viewer");
        lines.add(newToken.stdout().strip());
        token = newToken.stderr().lines().filter(line -> line.startsWith("syncf_")).findFirst().orElseThrow();
        Files.write(credentials, lines);
        assertTrue(!Files.readString(credentials).contains(token) && !Files.readString(credentials).contains(OPERATOR_PASSWORD),
                "the file holds hashes only");

        database = Database.forRun(workDir);
        Map<String, String> settings = new HashMap<>(Map.of("SYNCF_AUTH_FILE", credentials.toString(),
                "SYNCF_AUTH_FAILURES_PER_WINDOW", Integer.toString(FAILURES_PER_WINDOW),
                "SYNCF_AUTH_FAILURE_WINDOW", WINDOW.toString()));
        if (Node.ON_RABBITMQ) {
            vhost = Vhost.create();
            settings.put("SYNCF_MQ_URL", vhost.url());
        }
        node = Node.start(workDir, database, settings, "start");
        anonymous = node.api();
        operator = anonymous.basic("alice", OPERATOR_PASSWORD);
        viewer = anonymous.basic("bob", VIEWER_PASSWORD);
    }

    @AfterAll
    void stop() {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            try {
                if (database != null) {
                    database.close();
                }
            } finally {
                if (vhost != null) {
                    vhost.close();
                }
            }
        }
    }

    @Test
    void withoutCredentialsEveryApiPathIs401WithAChallengeAndHealthStaysOpen() {
        for (String path : List.of("", "ui/app.js", "api/jobs", NO_JOB + "/tracking", "api/jobs/events", NO_JOB + "/events", "api/metrics", "syncf-worker/api/metrics")) {
            assertChallenged(anonymous.get(path), "/" + path, "credentials needed");
        }
        String source = Jobs.newSource(node);
        assertChallenged(anonymous.post("api/jobs", Jobs.request(source, "out/" + source, "1h")), "/api/jobs", "credentials needed");
        assertChallenged(anonymous.put(NO_JOB + "/pause"), "/" + NO_JOB + "/pause", "credentials needed");
        assertChallenged(anonymous.delete(NO_JOB), "/" + NO_JOB, "credentials needed");
        assertTrue(operator.get("api/jobs").array().stream().noneMatch(job -> job.toString().contains(source)),
                "the refused submission made no job");

        Reply health = anonymous.get("health");
        assertEquals(200, health.status(), health::toString);
        assertEquals("UP", health.check("database").getString("status"));
        assertEquals(200, anonymous.get("health/ready").status());
    }

    @Test
    void wrongCredentialsAre401AndSayWhy() {
        assertChallenged(anonymous.basic("alice", OPERATOR_PASSWORD + "!").get("api/jobs"), "/api/jobs", "these credentials are not valid");
        assertChallenged(anonymous.basic("mallory", OPERATOR_PASSWORD).get("api/jobs"), "/api/jobs", "these credentials are not valid");
        assertChallenged(anonymous.bearer(token + "x").get("api/jobs"), "/api/jobs", "these credentials are not valid");
        assertChallenged(anonymous.bearer(OPERATOR_PASSWORD.replace(' ', '-')).get("api/jobs"), "/api/jobs", "these credentials are not valid");
    }

    @Test
    void aViewerReadsEverythingAndChangesNothingAnOperatorDoesBoth() {
        String source = Jobs.newSource(node);
        Reply submitted = operator.post("api/jobs", Jobs.request(source, "out/" + source, "1h"));
        assertEquals(201, submitted.status(), submitted::toString);
        String job = submitted.json().getString("job_id");

        for (Api reader : List.of(viewer, anonymous.bearer(token))) {
            assertEquals(200, reader.get("api/jobs").status());
            assertEquals(200, reader.get("api/jobs/" + job + "/tracking").status());
            assertEquals(200, reader.get("api/metrics").status());
            assertEquals(200, reader.get("syncf-worker/api/metrics").status());
            assertEquals(200, reader.get("").status(), "the page");
            assertForbidden(reader.put("api/jobs/" + job + "/pause"), "/api/jobs/" + job + "/pause");
            assertForbidden(reader.delete("api/jobs/" + job), "/api/jobs/" + job);
            assertForbidden(reader.post("api/jobs", Jobs.request(source, "other/" + source, "1h")), "/api/jobs");
        }
        assertEquals("running", viewer.get("api/jobs/" + job).json().getString("status"), "the refused pause and kill did nothing");
        assertEquals(1, operator.get("api/jobs").array().stream()
                .filter(listed -> listed.asJsonObject().getString("source_path").equals(source)).count(), "nor the refused submission");

        assertEquals(200, operator.put("api/jobs/" + job + "/pause").status());
        assertEquals("paused", viewer.get("api/jobs/" + job).json().getString("status"));
        assertEquals(200, operator.put("api/jobs/" + job + "/resume").status());
        Reply killed = operator.delete("api/jobs/" + job);
        assertTrue(killed.status() == 200 || killed.status() == 204, killed::toString);
        assertEquals("killed", viewer.get("api/jobs/" + job).json().getString("status"));
    }

    @Test
    void aGuesserIsHeldBackEvenWithTheRightPasswordUntilItsWindowPasses() {
        Api guesser = anonymous.basic("alice", "guess");
        List<Integer> statuses = new ArrayList<>();
        Reply last = guesser.get("api/jobs");
        for (int guess = 0; guess <= FAILURES_PER_WINDOW && last.status() == 401; guess++) {
            statuses.add(last.status());
            last = guesser.get("api/jobs");
        }
        assertEquals(429, last.status(), "after " + statuses.size() + " failures: " + last);
        assertTrue(statuses.size() <= FAILURES_PER_WINDOW, statuses::toString);
        assertEquals("application/problem+json;charset=UTF-8", last.contentType().replace(" ", ""));
        assertEquals(429, last.json().getInt("status"));
        long retryAfter = Long.parseLong(last.header("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= WINDOW.toSeconds() + 1, "Retry-After " + retryAfter);
        assertEquals(429, operator.get("api/jobs").status(), "the right password is not even checked meanwhile");
        assertEquals(200, anonymous.get("health").status(), "health stays open");

        await().atMost(WINDOW.multipliedBy(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> operator.get("api/jobs").status() == 200);
    }

    @Test
    void thePageAndItsEventStreamOpenToAViewerInChromiumAndToNoOneWithoutCredentials() throws URISyntaxException {
        // the credentials in the address, as a user types them into the browser's prompt: the browser
        // then sends them with the page's EventSource too (Browser.withBasicAuth's DevTools
        // interception holds a stream's body back, so the page would never see an event)
        try (Browser browser = Browser.start()) {
            URI base = anonymous.base();
            browser.open(new URI(base.getScheme(), "bob:" + VIEWER_PASSWORD, base.getHost(), base.getPort(), "/", null, null));
            browser.await(ExpectedConditions.textToBe(By.id("live"), "live"));
            browser.screenshot("authenticated-viewer");
        }
        try (Browser browser = Browser.start()) {
            browser.open(anonymous.base());
            // a headless browser shows no login prompt: the 401 leaves it on an empty page
            assertTrue(browser.driver().findElements(By.id("jobs")).isEmpty(), "no page without credentials");
            assertFalse("SyncF".equals(browser.driver().getTitle()), browser.driver()::getTitle);
        }
    }

    @Test
    void aNodeOnAnotherAddressWithoutCredentialsOrWithABadFileDoesNotStart() throws IOException {
        Run open = syncf(Map.of("SYNCF_BIND_ADDRESS", "0.0.0.0"), "", "start");
        assertEquals(2, open.exit(), open::toString);
        assertTrue(open.stderr().contains("SYNCF_BIND_ADDRESS=0.0.0.0 needs credentials") && !open.stderr().contains("Exception"),
                open::toString);

        Path bad = Files.writeString(workDir.resolve("bad-credentials"), "user alice admin PBKDF2WithHmacSHA256:1:c2FsdA==:aGFzaA==\n");
        Run badFile = syncf(Map.of("SYNCF_AUTH_FILE", bad.toString()), "", "start");
        assertEquals(2, badFile.exit(), badFile::toString);
        assertEquals("syncf: " + bad + " line 1: the role is viewer or operator, not admin", badFile.stderr().strip());
    }

    static void assertChallenged(Reply reply, String path, String detail) {
        assertEquals(401, reply.status(), reply::toString);
        assertEquals("Basic realm=\"SyncF\", charset=\"UTF-8\"", reply.header("WWW-Authenticate").orElse(""), reply::toString);
        Problems.assertProblem(reply, 401, "http-401");
        assertEquals(path, reply.json().getString("instance"));
        assertTrue(reply.json().getString("detail").startsWith(detail), reply::toString);
    }

    static void assertForbidden(Reply reply, String path) {
        assertEquals(403, reply.status(), reply::toString);
        Problems.assertProblem(reply, 403, "http-403");
        assertEquals(path, reply.json().getString("instance"));
    }

    record Run(int exit, String stdout, String stderr) {
    }

    Run syncf(String stdin, String... args) {
        return syncf(Map.of(), stdin, args);
    }

    /** {@code ./syncf ARGS} in this class's work directory, with the environment a node of the run has. */
    Run syncf(Map<String, String> settings, String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(Node.HOME.resolve("syncf").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("SYNCF_"));
        builder.environment().put("SYNCF_SKIP_BUILD", "true");
        builder.environment().put("SYNCF_VAR_DIR", workDir.resolve("var-refused").toString());
        builder.environment().putAll(settings);
        try {
            Process process = builder.start();
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Run(process.waitFor(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
