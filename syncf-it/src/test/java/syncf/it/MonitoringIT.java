package syncf.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SyncF's figures as an operator's console reads them: the node's MBeans under {@code syncf},
 * through the JVM's JMX connector (what JConsole and VisualVM use), move as a job copies, is
 * paused and killed.
 */
@ExtendWith(SharedNode.class)
class MonitoringIT {

    static final String JOBS = "syncf:type=Jobs";
    static final int SMALL_FILES = 5;
    static final int SMALL = 10_000;
    /** Larger than a chunk: copied in checkpointed chunks rather than in a batch. */
    static final int LARGE = 20 << 20;

    @Test
    void theFiguresMoveAsAJobCopiesIsPausedAndKilled(Node node, Jmx jmx) throws IOException {
        Set<ObjectName> workers = jmx.names("syncf:type=Worker,*");
        assertEquals(1, workers.size(), workers::toString);
        String worker = workers.iterator().next().toString();
        Figures before = Figures.read(jmx, worker);

        String source = Jobs.newSource(node);
        Path dir = node.base().resolve(source);
        for (int i = 0; i < SMALL_FILES; i++) {
            Files.write(dir.resolve("small-" + i + ".bin"), Content.bytes(i, SMALL));
        }
        Files.write(dir.resolve("large.bin"), Content.bytes(99, LARGE));
        long bytes = (long) SMALL_FILES * SMALL + LARGE;
        int files = SMALL_FILES + 1;
        Reply created = node.api().post("api/jobs", Jobs.request(source, "backup/" + source, "5m"));
        assertEquals(201, created.status(), created::toString);
        String job = created.json().getString("job_id");
        JsonObject tracking = SyncIT.awaitCompleted(node.api(), job, files);

        await().atMost(SyncIT.WAIT).untilAsserted(() -> {
            Figures now = Figures.read(jmx, worker);
            assertTrue(now.completedTasks >= before.completedTasks + files, () -> before + " -> " + now);
            assertTrue(now.totalBytes >= before.totalBytes + bytes, () -> before + " -> " + now);
            assertTrue(now.copiedBytes >= before.copiedBytes + bytes, () -> before + " -> " + now);
            assertTrue(now.workerFiles >= before.workerFiles + files, () -> before + " -> " + now);
            assertTrue(now.workerBytes >= before.workerBytes + bytes, () -> before + " -> " + now);
            assertTrue(now.runningJobs >= before.runningJobs + 1, () -> before + " -> " + now);
        });
        Set<String> copiers = tracking.getJsonArray("tasks").getValuesAs(JsonObject.class).stream()
                .map(task -> task.getString("slave_id")).collect(Collectors.toSet());
        assertEquals(Set.of(jmx.attribute(worker, "WorkerId")), copiers, "the worker's MBean names the slave_id its tasks show");

        long paused = jmx.number(JOBS, "PausedJobs");
        assertEquals(200, node.api().put("api/jobs/" + job + "/pause").status());
        await().atMost(SyncIT.WAIT).until(() -> jmx.number(JOBS, "PausedJobs") == paused + 1);
        long killed = jmx.number(JOBS, "KilledJobs");
        assertEquals(200, node.api().delete("api/jobs/" + job).status());
        await().atMost(SyncIT.WAIT).until(() -> jmx.number(JOBS, "KilledJobs") == killed + 1
                && jmx.number(JOBS, "PausedJobs") == paused);
    }

    /** What the master's and the worker's MBeans say at one moment. */
    record Figures(long runningJobs, long completedTasks, long totalBytes, long copiedBytes, long workerFiles,
            long workerBytes) {

        static Figures read(Jmx jmx, String worker) {
            return new Figures(jmx.number(JOBS, "RunningJobs"), jmx.number(JOBS, "CompletedTasks"),
                    jmx.number(JOBS, "TotalBytes"), jmx.number(JOBS, "CopiedBytes"),
                    jmx.number(worker, "CopiedFiles"), jmx.number(worker, "CopiedBytes"));
        }
    }
}
