package syncf.it.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.File;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import syncf.it.Api;
import syncf.it.Node;
import syncf.it.Reply;

/**
 * In-container tests of what workers do to tasks, in one Payara Micro of their own on SQLite.
 *
 * <p>Several writers checkpoint on one SQLite file at once, with zero SQLITE_BUSY: server threads
 * each holding its task and checkpointing through the real TaskLifecycle bean and the data
 * source the post-boot file defines, and a second OS process through JDBC with the same
 * settings, holding its own tasks. Then the master's own tracking API
 * shows every task at its last offset.
 */
@ExtendWith(ArquillianExtension.class)
class TasksInContainerIT {

    static final int SERVER_TASKS = 6;
    static final int SERVER_UPDATES = 400;
    static final int PROCESS_TASKS = 3;
    static final int PROCESS_UPDATES = 1500;

    @ArquillianResource
    URL deployment;

    @Deployment(testable = false)
    static WebArchive masterWithProbe() {
        File war = Node.HOME.resolve("syncf-web/target/syncf-web.war").toFile();
        return ShrinkWrap.createFromZipFile(WebArchive.class, war).addClasses(CheckpointProbe.class, LifecycleProbe.class);
    }

    /**
     * The deployment over loopback: Arquillian's Payara Micro listens on every address and names
     * the machine's, where a node without credentials answers nothing but /health (docs/adr/0024).
     */
    private Api api() {
        return new Api(URI.create("http://127.0.0.1:" + deployment.getPort() + deployment.getPath()));
    }

    @Test
    @RunAsClient
    void withoutCredentialsANodeAnswersOnlyOverLoopbackButHealthEverywhere() throws Exception {
        assertFalse(InetAddress.getByName(deployment.getHost()).isLoopbackAddress(), "the deployment is named by another address: " + deployment);
        Api remote = new Api(URI.create(deployment.toString()));
        Reply refused = remote.get("api/jobs");
        assertEquals(403, refused.status(), refused::toString);
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused::toString);
        assertTrue(refused.json().getString("detail").contains("answers only requests that arrive on loopback"), refused::toString);
        assertEquals(403, remote.delete("api/jobs/00000000-0000-0000-0000-000000000000").status());
        Api server = new Api(URI.create("http://" + deployment.getHost() + ":" + deployment.getPort() + "/"));
        assertEquals(200, server.get("health").status(), "Payara's /health, beside the deployment");
        assertEquals(200, api().get("api/jobs").status());
    }

    @Test
    @RunAsClient
    void threadsAndASecondProcessCheckpointConcurrentlyWithoutBusyErrors() throws Exception {
        Api api = api();
        JsonObject serverSet = api.post("api/checkpoint-probe/tasks?count=" + SERVER_TASKS, "{}").json();
        JsonObject processSet = api.post("api/checkpoint-probe/tasks?count=" + PROCESS_TASKS, "{}").json();
        processSet.getJsonArray("task_ids").forEach(id -> assertTrue(
                step(api, ((jakarta.json.JsonString) id).getString(), "claim?worker=external").getBoolean("claimed")));

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ExternalCheckpointer.class.getName(),
                System.getProperty("syncf.it.arquillian.db"), Integer.toString(PROCESS_UPDATES)));
        processSet.getJsonArray("task_ids").forEach(id -> command.add(((jakarta.json.JsonString) id).getString()));
        Path processOutput = Files.createTempFile("checkpointer", ".out");
        Process second = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(processOutput.toFile()).start();

        Reply serverRun = api.post("api/checkpoint-probe/run?updates=" + SERVER_UPDATES, "text/plain",
                String.join(" ", serverSet.getJsonArray("task_ids").stream()
                        .map(id -> ((jakarta.json.JsonString) id).getString()).toList()));
        assertTrue(second.waitFor(5, TimeUnit.MINUTES), "the second process finished");
        String processReport = Files.readString(processOutput);

        System.out.println("server writers: " + serverRun.body() + "\nsecond process: " + processReport);
        assertEquals(200, serverRun.status(), serverRun::toString);
        JsonObject server = serverRun.json();
        assertEquals(0, server.getInt("failed"), "server writers failed: " + server);
        assertEquals(SERVER_TASKS * SERVER_UPDATES, server.getInt("ok"));
        assertEquals(0, second.exitValue(), "second process: " + processReport);
        assertTrue(processReport.contains("ok=" + PROCESS_TASKS * PROCESS_UPDATES + " failed=0"), processReport);

        long processStart = number(processReport, "started_at");
        long processEnd = number(processReport, "ended_at");
        assertTrue(processStart < server.getJsonNumber("ended_at").longValue()
                && server.getJsonNumber("started_at").longValue() < processEnd,
                "the writers overlapped in time: server " + server + ", process " + processReport);

        assertAllAt(api, serverSet.getString("job_id"), SERVER_TASKS, SERVER_UPDATES);
        assertAllAt(api, processSet.getString("job_id"), PROCESS_TASKS, PROCESS_UPDATES);
    }

    @Test
    @RunAsClient
    void ofTwoWorkersHandedTheSameTaskOneWinsAndTheOtherBacksOff() {
        Api api = api();
        String task = newTask(api);

        assertTrue(step(api, task, "claim?worker=a").getBoolean("claimed"));
        assertFalse(step(api, task, "claim?worker=b").getBoolean("claimed"), "the second copy backs off");
        assertFalse(step(api, task, "checkpoint?worker=b&offset=10").getBoolean("ok"), "only the holder checkpoints");
        assertTrue(step(api, task, "checkpoint?worker=a&offset=10").getBoolean("ok"));
        assertTrue(step(api, task, "checkpoint?worker=a&offset=5").getBoolean("ok"), "a late checkpoint never moves back");

        JsonObject seen = task(api, task);
        assertEquals("in_progress", seen.getString("status"));
        assertEquals("a", seen.getString("slave_id"));
        assertEquals(10, seen.getJsonNumber("copied_bytes").longValue());
        assertEquals(1, seen.getInt("attempts"));

        assertTrue(step(api, task, "complete?worker=a").getBoolean("ok"));
        assertFalse(step(api, task, "claim?worker=b").getBoolean("claimed"), "a completed task is never taken again");
        assertFalse(step(api, task, "complete?worker=b").getBoolean("ok"), "nor completed twice");
        assertEquals("completed", task(api, task).getString("status"));
    }

    @Test
    @RunAsClient
    void aReleasedTaskIsCarriedOnByAnyWorkerFromItsCheckpointAsTheSameAttempt() {
        Api api = api();
        String task = newTask(api);
        step(api, task, "claim?worker=a");
        step(api, task, "checkpoint?worker=a&offset=300");
        assertTrue(step(api, task, "release?worker=a").getBoolean("ok"));

        JsonObject next = step(api, task, "claim?worker=b");
        assertTrue(next.getBoolean("claimed"));
        assertEquals(300, next.getJsonNumber("copied_bytes").longValue());
        assertEquals(1, next.getInt("attempts"));
        assertFalse(step(api, task, "checkpoint?worker=a&offset=400").getBoolean("ok"), "a has let go");
        assertFalse(step(api, task, "renew?worker=a").getBoolean("ok"),
                "a long copy inside the store or commit that renews the lease learns it is no longer the holder");
        assertTrue(step(api, task, "renew?worker=b").getBoolean("ok"), "the holder renews");
    }

    @Test
    @RunAsClient
    void aFailedAttemptIsRetriedFromItsCheckpointUntilAttemptsRunOut() {
        Api api = api();
        String task = newTask(api);
        step(api, task, "claim?worker=a");
        step(api, task, "checkpoint?worker=a&offset=100");
        step(api, task, "attempt-failed?worker=a&max=2");
        assertEquals("retrying", task(api, task).getString("status"));
        assertEquals("disk full", task(api, task).getString("last_error"));

        JsonObject retry = step(api, task, "claim?worker=b");
        assertEquals(2, retry.getInt("attempts"));
        assertEquals(100, retry.getJsonNumber("copied_bytes").longValue(), "a retry resumes");
        step(api, task, "attempt-failed?worker=b&max=2");
        assertEquals("failed", task(api, task).getString("status"));
        assertFalse(step(api, task, "claim?worker=c").getBoolean("claimed"));
    }

    @Test
    @RunAsClient
    void killingTheJobEndsItsUnfinishedTasksAndTheirHolders() {
        Api api = api();
        JsonObject set = api.post("api/checkpoint-probe/tasks?count=2", "{}").json();
        String held = ((jakarta.json.JsonString) set.getJsonArray("task_ids").get(0)).getString();
        String waiting = ((jakarta.json.JsonString) set.getJsonArray("task_ids").get(1)).getString();
        step(api, held, "claim?worker=a");

        assertEquals(200, api.delete("api/jobs/" + set.getString("job_id")).status());

        for (String task : List.of(held, waiting)) {
            assertEquals("failed", task(api, task).getString("status"));
            assertEquals("the job was killed", task(api, task).getString("last_error"));
        }
        assertFalse(step(api, held, "checkpoint?worker=a&offset=10").getBoolean("ok"), "the holder stops");
        assertFalse(step(api, waiting, "claim?worker=b").getBoolean("claimed"));
    }

    private static String newTask(Api api) {
        return ((jakarta.json.JsonString) api.post("api/checkpoint-probe/tasks?count=1", "{}").json()
                .getJsonArray("task_ids").get(0)).getString();
    }

    private static JsonObject step(Api api, String task, String step) {
        Reply reply = api.post("api/lifecycle-probe/" + task + "/" + step, "{}");
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    private static JsonObject task(Api api, String task) {
        String job = api.get("api/jobs?limit=1000").array().stream().map(j -> j.asJsonObject().getString("job_id"))
                .filter(id -> api.get("api/jobs/" + id + "/tracking").body().contains(task)).findFirst().orElseThrow();
        return api.get("api/jobs/" + job + "/tracking").json().getJsonArray("tasks").stream().map(t -> t.asJsonObject())
                .filter(t -> t.getString("task_id").equals(task)).findFirst().orElseThrow();
    }

    private static void assertAllAt(Api api, String jobId, int tasks, long offset) {
        JsonObject tracking = api.get("api/jobs/" + jobId + "/tracking").json();
        tracking.getJsonArray("tasks").forEach(task ->
                assertEquals(offset, task.asJsonObject().getJsonNumber("copied_bytes").longValue(), task::toString));
        assertEquals(tasks * offset, tracking.getJsonObject("summary").getJsonNumber("copied_bytes").longValue());
    }

    private static long number(String report, String name) {
        String after = report.substring(report.indexOf(name + "=") + name.length() + 1);
        return Long.parseLong(after.split("\\s")[0]);
    }
}
