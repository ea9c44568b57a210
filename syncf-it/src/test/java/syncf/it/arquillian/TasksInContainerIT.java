package syncf.it.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.File;
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
 * Several writers checkpoint on one SQLite file at once, with zero SQLITE_BUSY: server threads
 * through the real TaskProgress bean and the data source the post-boot file defines, and a
 * second OS process through JDBC with the same settings. Then the master's own tracking API
 * shows every task at its last offset.
 */
@ExtendWith(ArquillianExtension.class)
class CheckpointConcurrencyIT {

    static final int SERVER_TASKS = 6;
    static final int SERVER_UPDATES = 400;
    static final int PROCESS_TASKS = 3;
    static final int PROCESS_UPDATES = 1500;

    @ArquillianResource
    URL deployment;

    @Deployment(testable = false)
    static WebArchive masterWithProbe() {
        File war = Node.HOME.resolve("syncf-web/target/syncf-web.war").toFile();
        return ShrinkWrap.createFromZipFile(WebArchive.class, war).addClass(CheckpointProbe.class);
    }

    @Test
    @RunAsClient
    void threadsAndASecondProcessCheckpointConcurrentlyWithoutBusyErrors() throws Exception {
        Api api = new Api(URI.create(deployment.toString()));
        JsonObject serverSet = api.post("api/checkpoint-probe/tasks?count=" + SERVER_TASKS, "{}").json();
        JsonObject processSet = api.post("api/checkpoint-probe/tasks?count=" + PROCESS_TASKS, "{}").json();

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
