package syncf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code ./syncf master} and {@code ./syncf worker ID} on their own, and a restart that keeps every job. */
@ExtendWith(SharedNode.class)
class RolesIT {

    @Test
    void aMasterRestartedKeepsItsJobsAndTheirStatesAndScansAgain() throws IOException {
        Path workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "restart-");
        try (Database database = Database.forRun(workDir)) {
            String id;
            String running;
            try (Node master = Node.start(workDir, database, "master")) {
                running = Jobs.submit(master, "1s");
                id = Jobs.submit(master, "1h");
                assertEquals(200, master.api().put("api/jobs/" + id + "/pause").status());
                assertFalse(master.api().get("health").body().contains("\"worker\""), "a master alone runs no worker");
            }
            Instant restartedAt = Instant.now();
            try (Node again = Node.start(workDir, database, "master")) {
                ScanIT.awaitScanAfter(again.api(), running, restartedAt);
                JsonObject job = again.api().get("api/jobs/" + id).json();
                assertEquals("paused", job.getString("status"));
                assertEquals("1h0m0s", job.getString("interval"));
                assertEquals(200, again.api().put("api/jobs/" + id + "/resume").status());
            }
        }
    }

    @Test
    void aWorkerAloneReportsItsIdAndServesNoApi(Database database) throws IOException {
        Path workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "worker-");
        // a queue of its own to consume from (a worker is ready only once it consumes; on the sqlite
        // execution no master's embedded broker runs beside it), where no other node's tasks arrive
        try (Vhost vhost = Vhost.create();
                Node worker = Node.start(workDir, database, Map.of("SYNCF_MQ_URL", vhost.url()), "worker", "worker-007")) {
            Reply health = worker.api().get("health");
            assertEquals(200, health.status(), health::toString);
            JsonObject check = health.json().getJsonArray("checks").stream().map(v -> v.asJsonObject())
                    .filter(c -> c.getString("name").equals("worker")).findFirst().orElseThrow();
            assertEquals("worker-007", check.getJsonObject("data").getString("worker_id"));
            assertEquals("true", check.getJsonObject("data").getString("consuming"), "ready once it consumes");
            assertTrue(check.getJsonObject("data").getString("database").startsWith(
                    System.getProperty("syncf.it.db", "sqlite").equals("sqlite") ? "SQLite" : "PostgreSQL"), health::toString);
            assertEquals(List.of("worker"), health.json().getJsonArray("checks").stream()
                    .map(v -> v.asJsonObject().getString("name")).toList(), "the worker reports the database in its own check");
            Problems.assertProblem(worker.api().get("api/jobs"), 404, "http-404"); // a worker has no public API
        }
    }
}
