package syncf.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static syncf.it.Content.bytes;
import static syncf.it.Content.sha256;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The live side of the master: its event streams ({@code /api/jobs/events} and
 * {@code /api/jobs/{id}/events}), followed as a browser's EventSource would, while a copy held
 * to {@link #RATE} moves, and the dashboard on them in headless Chromium (screenshots in
 * {@code target/screenshots}). A node of its own (copies slow enough to be seen moving, a one-second
 * heartbeat), held by the test instance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {

    static final int MIB = 1 << 20;
    static final int RATE = 4 * MIB;
    static final Duration WAIT = Duration.ofMinutes(2);
    static final int CLIENTS = 200;
    static final Duration HOLD = Duration.ofSeconds(Long.getLong("syncf.it.stream-hold-seconds", 60));
    static final Map<String, String> SETTINGS = Map.of(
            "SYNCF_TRANSFER_CHUNK_SIZE_BYTES", Integer.toString(MIB),
            "SYNCF_TRANSFER_CHUNKS_PER_SLICE", "4",
            "SYNCF_TRANSFER_MAX_BYTES_PER_SECOND", Integer.toString(RATE),
            "SYNCF_TRANSFER_MAX_ATTEMPTS", "2",
            "SYNCF_TRANSFER_RETRY_BACKOFF", "PT0.2S",
            "SYNCF_LIVE_HEARTBEAT", "PT1S");

    private Path workDir;
    private Database database;
    /** On the RabbitMQ stack, a vhost of this class's own: no other node takes its tasks. */
    private Vhost vhost;
    private Node node;
    private Api api;

    @BeforeAll
    void startANode() throws IOException {
        workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "dashboard-");
        database = Database.forRun(workDir);
        Map<String, String> settings = new HashMap<>(SETTINGS);
        if (Node.ON_RABBITMQ) {
            vhost = Vhost.create();
            settings.put("SYNCF_MQ_URL", vhost.url());
        }
        node = Node.start(workDir, database, settings, "start");
        api = node.api();
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
    void aJobsStreamStartsWithTheListAndShowsANewJob() throws IOException {
        try (EventStream jobs = EventStream.open(api, "api/jobs/events")) {
            assertEquals(200, jobs.status());
            assertTrue(jobs.contentType().startsWith("text/event-stream"), jobs.contentType());
            EventStream.Event first = jobs.next(WAIT);
            assertEquals("jobs", first.name());
            assertTrue(first.structure() instanceof jakarta.json.JsonArray, first::toString);

            String job = submit(source("listed", 1));
            jobs.until(event -> event.name().equals("jobs") && event.data().contains(job), WAIT);
        }
    }

    @Test
    void aJobsStreamShowsItsCopyMovingToAVerifiedEnd() throws IOException {
        Path source = source("moving", 24);
        String job = submit(source);
        try (EventStream events = EventStream.open(api, "api/jobs/" + job + "/events")) {
            EventStream.Event snapshot = events.next(WAIT);
            assertEquals("snapshot", snapshot.name());
            assertEquals(job, snapshot.json().getJsonObject("job").getString("job_id"));
            assertTrue(snapshot.json().containsKey("summary") && snapshot.json().containsKey("tasks"), snapshot::toString);

            List<Long> offsets = new ArrayList<>();
            List<EventStream.Event> seen = events.until(event -> {
                if (!event.name().equals("task")) {
                    return false;
                }
                JsonObject task = event.json();
                if (task.getString("status").equals("in_progress")) {
                    offsets.add(task.getJsonNumber("copied_bytes").longValue());
                }
                return task.getString("status").equals("completed");
            }, WAIT);
            JsonObject done = seen.get(seen.size() - 1).json();
            assertEquals("data.bin", done.getString("file_path"));
            assertEquals(1.0, done.getJsonNumber("progress").doubleValue());
            assertEquals(sha256(source.resolve("data.bin")), done.getString("checksum"));
            assertTrue(offsets.stream().distinct().count() >= 2, "the copy seen moving: " + offsets);
            assertEquals(offsets.stream().sorted().toList(), offsets, "never backwards: " + offsets);
            assertTrue(seen.stream().anyMatch(event -> event.name().equals("summary")), "summaries along the way");
            assertTrue(ids(seen).stream().distinct().count() == seen.size(), "every event its own id");

            events.until(event -> event.name().equals("summary")
                    && event.json().getJsonObject("summary").getInt("completed") == 1
                    && event.json().getJsonObject("summary").getJsonNumber("progress").doubleValue() == 1.0, WAIT);
        }
    }

    @Test
    void aClientThatComesBackWithItsLastEventIdGetsWhatItMissedAndAStrangerASnapshot() throws IOException {
        String job = submit(source("resumed", 16));
        String lastSeen;
        try (EventStream events = EventStream.open(api, "api/jobs/" + job + "/events")) {
            lastSeen = events.until(event -> event.name().equals("task"), WAIT).stream()
                    .reduce((first, second) -> second).orElseThrow().id();
        }
        await().atMost(WAIT).until(() -> tracking(job).getJsonObject("summary").getInt("completed") == 1);
        try (EventStream again = EventStream.open(api, "api/jobs/" + job + "/events", Optional.of(lastSeen))) {
            EventStream.Event next = again.next(WAIT);
            assertFalse(next.name().equals("snapshot"), "what it missed, not a snapshot: " + next);
            String epoch = lastSeen.substring(0, lastSeen.lastIndexOf('.'));
            long seen = Long.parseLong(lastSeen.substring(lastSeen.lastIndexOf('.') + 1));
            assertEquals(epoch + "." + (seen + 1), next.id(), "the very next event");
            again.until(event -> event.name().equals("task") && event.json().getString("status").equals("completed"), WAIT);
        }
        try (EventStream stranger = EventStream.open(api, "api/jobs/" + job + "/events", Optional.of("0.7"))) {
            assertEquals("snapshot", stranger.next(WAIT).name(), "an id of another life gets the whole picture");
        }
    }

    @Test
    void aQuietStreamBeatsAndAClientThatLeftIsReleased() {
        awaitNoSubscribers(); // the streams of earlier tests, closed, found gone by the heartbeat
        List<EventStream> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                streams.add(EventStream.open(api, "api/jobs/events"));
            }
            streams.forEach(stream -> assertEquals("jobs", stream.next(WAIT).name()));
            await().atMost(WAIT).until(() -> subscribers() >= 20);
            await().atMost(Duration.ofSeconds(10)).until(() -> streams.get(0).comments() >= 2);
        } finally {
            streams.forEach(EventStream::close);
        }
        awaitNoSubscribers();
    }

    @Test
    void twoHundredClientsAreHeldForAMinuteWithoutAThreadEachAndReleasedWhenTheyLeave() throws IOException {
        awaitNoSubscribers(); // the streams of earlier tests, closed, found gone by the heartbeat
        long threadsBefore = threads();
        List<EventStream> streams = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                streams.add(EventStream.open(api, i % 2 == 0 ? "api/jobs/events" : "api/jobs/" + submitted() + "/events"));
            }
            streams.forEach(stream -> assertEquals(200, stream.status()));
            streams.forEach(stream -> stream.next(WAIT));
            // the server's request pool grows as 200 requests arrive at once (by 45 threads here,
            // to its bounded size), far from a thread per client, and no further while they are held
            long held = threads();
            assertTrue(held < threadsBefore + CLIENTS / 2, "threads " + threadsBefore + " before, " + held + " with the clients");
            long[] most = {held};
            double[] following = {0};
            try {
                await().during(HOLD).atMost(HOLD.plusSeconds(30)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    most[0] = Math.max(most[0], threads());
                    following[0] = subscribers();
                    return following[0] >= CLIENTS && most[0] <= held + 10;
                });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("held " + HOLD + ": subscribers " + following[0] + ", threads "
                        + threadsBefore + " before, " + held + " once connected, at most " + most[0], e);
            }
            int beats = streams.get(CLIENTS - 1).comments();
            assertTrue(beats >= HOLD.toSeconds() / 2, "heartbeats kept coming: " + beats);
        } finally {
            streams.forEach(EventStream::close);
        }
        awaitNoSubscribers();
    }

    // ---- the page, in headless Chromium ----

    @Test
    void aJobSubmittedFromTheFormShowsItsFileMovingTo100PercentWithoutAReload() throws IOException {
        Path source = source("page-large", 24);
        try (Browser browser = Browser.start()) {
            browser.open(api.base());
            browser.await(ExpectedConditions.textToBe(By.id("live"), "live"));
            JavascriptExecutor page = (JavascriptExecutor) browser.driver();
            page.executeScript("window.sameLoad = true");

            WebElement form = browser.driver().findElement(By.id("submit"));
            form.findElement(By.name("source_path")).sendKeys("page-large");
            form.findElement(By.name("sink_path")).sendKeys("backup/page-large");
            form.findElement(By.name("interval")).clear();
            form.findElement(By.name("interval")).sendKeys("1h");
            form.findElement(By.cssSelector("button[type=submit]")).click();
            browser.await(ExpectedConditions.textMatches(By.id("submitted"), Pattern.compile("Submitted: job .+")));
            String submitted = browser.driver().findElement(By.id("submitted")).getText();
            String job = submitted.substring(submitted.lastIndexOf(' ') + 1);
            By row = By.cssSelector("#jobs tr[data-job='" + job + "']");
            browser.await(ExpectedConditions.visibilityOfElementLocated(row));
            browser.screenshot("dashboard-jobs");
            browser.driver().findElement(row).findElement(By.tagName("a")).click();

            // the list is drawn again at every event: elements are read inside the waits, which ignore stale ones
            By bar = By.cssSelector("#in-flight li .bar");
            int first = browser.await(driver -> {
                int progress = progressOf(driver.findElement(bar));
                return progress > 0 ? progress : null;
            });
            browser.await(driver -> !driver.findElements(bar).isEmpty() && progressOf(driver.findElement(bar)) > first
                    || !driver.findElements(By.cssSelector("#done li")).isEmpty());
            browser.screenshot("dashboard-job-copying");
            browser.await(driver -> !driver.findElements(By.cssSelector("#done li .bar")).isEmpty()
                    && progressOf(driver.findElement(By.cssSelector("#done li .bar"))) == 100);
            browser.await(ExpectedConditions.textToBe(By.cssSelector("[data-counter=completed] dd"), "1"));
            assertEquals("data.bin", browser.await(driver -> driver.findElement(By.cssSelector("#done li .name")).getText()));
            assertEquals(Boolean.TRUE, page.executeScript("return window.sameLoad === true"), "no reload");
            browser.screenshot("dashboard-job-done");
            assertEquals(sha256(source.resolve("data.bin")), tracking(job).getJsonArray("tasks").getJsonObject(0).getString("checksum"));

            browser.phone();
            browser.screenshot("dashboard-job-phone");
            assertTrue((Boolean) page.executeScript("return document.documentElement.scrollWidth <= window.innerWidth"),
                    "nothing wider than a phone");
        }
    }

    @Test
    void pauseResumeAndKillFromTheButtonsAndKillAsksFirst() throws IOException {
        String job = submit(source("page-buttons", 1));
        try (Browser browser = Browser.start()) {
            browser.open(api.base());
            By status = By.cssSelector("#jobs tr[data-job='" + job + "'] .status");
            browser.await(ExpectedConditions.textToBe(status, "running"));
            button(browser, job, "pause").click();
            browser.await(ExpectedConditions.textToBe(status, "paused"));
            assertEquals("paused", api.get("api/jobs/" + job).json().getString("status"));
            button(browser, job, "resume").click();
            browser.await(ExpectedConditions.textToBe(status, "running"));

            button(browser, job, "kill").click();
            browser.await(ExpectedConditions.alertIsPresent()).dismiss();
            assertEquals("running", api.get("api/jobs/" + job).json().getString("status"), "dismissed: nothing killed");
            button(browser, job, "kill").click();
            browser.await(ExpectedConditions.alertIsPresent()).accept();
            browser.await(ExpectedConditions.textToBe(status, "killed"));
            assertEquals("killed", api.get("api/jobs/" + job).json().getString("status"));
        }
    }

    @Test
    void aBadPathsErrorShowsNextToItsFieldAndAFailedFilesReasonOnItsJobsPage() throws IOException {
        Path source = Files.createDirectories(node.base().resolve("page-blocked/sub"));
        Files.writeString(source.resolve("x.txt"), "blocked at the sink");
        Path sink = Files.createDirectories(node.base().resolve("backup/page-blocked"));
        Files.writeString(sink.resolve("sub"), "a file where the directory should go");
        String job = submit(source.getParent());
        try (Browser browser = Browser.start()) {
            browser.open(api.base());
            WebElement form = browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("submit")));
            form.findElement(By.name("source_path")).sendKeys("../outside");
            form.findElement(By.name("sink_path")).sendKeys("backup/outside");
            form.findElement(By.cssSelector("button[type=submit]")).click();
            By error = By.cssSelector(".field-error[data-field=source_path]");
            browser.await(ExpectedConditions.textMatches(error, Pattern.compile("source_path .+")));
            assertEquals("true", form.findElement(By.name("source_path")).getAttribute("aria-invalid"));
            assertEquals("", browser.driver().findElement(By.cssSelector(".field-error[data-field=sink_path]")).getText());
            browser.screenshot("dashboard-bad-path");

            browser.open(api.base().resolve("#job/" + job));
            By failed = By.cssSelector("#failed li");
            browser.await(ExpectedConditions.visibilityOfElementLocated(failed));
            WebElement item = browser.driver().findElement(failed);
            assertEquals("sub/x.txt", item.findElement(By.className("name")).getText());
            assertEquals(tracking(job).getJsonArray("tasks").getValuesAs(JsonObject.class).stream()
                    .filter(task -> task.getString("status").equals("failed")).findFirst().orElseThrow().getString("last_error"),
                    item.findElement(By.className("reason")).getText());
            ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].scrollIntoView({block: 'center'})", item);
            browser.screenshot("dashboard-failed-file");
        }
    }

    static WebElement button(Browser browser, String job, String action) {
        return browser.await(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#jobs tr[data-job='" + job + "'] button[data-action=" + action + "]")));
    }

    static int progressOf(WebElement bar) {
        return Integer.parseInt(bar.getAttribute("aria-valuenow"));
    }

    @Test
    void anUnknownJobsStreamIsA404AndABadIdA400() {
        try (EventStream unknown = EventStream.open(api, "api/jobs/" + UUID.randomUUID() + "/events")) {
            assertEquals(404, unknown.status());
            assertTrue(unknown.contentType().startsWith("application/problem+json"), unknown.contentType());
        }
        try (EventStream bad = EventStream.open(api, "api/jobs/not-an-id/events")) {
            assertEquals(400, bad.status());
            assertTrue(bad.contentType().startsWith("application/problem+json"), bad.contentType());
        }
    }

    /** One job of this class, made once, for streams that need a job to follow. */
    private String followed;

    String submitted() throws IOException {
        if (followed == null) {
            followed = submit(source("followed", 1));
        }
        return followed;
    }

    /** The node's threads now, from /proc: 200 clients must not cost a thread each. */
    long threads() throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(node.pid()), "status")).stream()
                .filter(line -> line.startsWith("Threads:")).mapToLong(line -> Long.parseLong(line.substring(8).strip()))
                .findFirst().orElseThrow();
    }

    void awaitNoSubscribers() {
        await("the heartbeat finds the clients gone").atMost(Duration.ofSeconds(30)).until(() -> subscribers() == 0);
    }

    double subscribers() {
        return Exposition.parse(api.get("api/metrics").body()).value("syncf_live_subscribers");
    }

    static List<String> ids(List<EventStream.Event> events) {
        return events.stream().map(EventStream.Event::id).toList();
    }

    Path source(String name, int mib) throws IOException {
        Path dir = Files.createDirectories(node.base().resolve(name));
        Files.write(dir.resolve("data.bin"), bytes(name.hashCode(), mib * MIB));
        return dir;
    }

    String submit(Path source) {
        Reply reply = api.post("api/jobs", Jobs.request(source.getFileName().toString(), "backup/" + source.getFileName(), "1h"));
        assertEquals(201, reply.status(), reply::toString);
        return reply.json().getString("job_id");
    }

    JsonObject tracking(String job) {
        return api.get("api/jobs/" + job + "/tracking").json();
    }
}
