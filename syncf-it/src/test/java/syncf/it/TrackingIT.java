package syncf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tracking of a job with tasks in every state: the test writes them into the node's database
 * the way workers' transactions would leave them, then reads them back through the API.
 */
@ExtendWith(SharedNode.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackingIT {

    record Seed(String status, long size, long copied) {
    }

    static final List<Seed> SEEDS = List.of(
            new Seed("COMPLETED", 1000, 1000), new Seed("COMPLETED", 0, 0), new Seed("COMPLETED", 500, 500),
            new Seed("IN_PROGRESS", 2000, 500), new Seed("PENDING", 300, 0), new Seed("PENDING", 700, 0),
            new Seed("FAILED", 100, 40), new Seed("RETRYING", 400, 100));

    String jobId;

    @BeforeAll
    void jobWithTasks(Node node, Database database) throws SQLException {
        jobId = Jobs.submit(node, "5m");
        // paused: its seeded tasks (whose files do not exist) are dispatched to no worker
        if (node.api().put("api/jobs/" + jobId + "/pause").status() != 200) {
            throw new IllegalStateException("could not pause " + jobId);
        }
        try (Connection connection = database.connect();
                PreparedStatement insert = connection.prepareStatement(
                        "insert into sync_task (id, job_id, file_path, file_size, copied_bytes, status, attempts,"
                                + " created_at, updated_at, version, slave_id, checksum)"
                                + " values (?, ?, ?, ?, ?, ?, 1, ?, ?, 1, 'worker-1', ?)")) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < SEEDS.size(); i++) {
                Seed seed = SEEDS.get(i);
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, jobId);
                insert.setString(3, "dir/file-" + i + ".bin");
                insert.setLong(4, seed.size());
                insert.setLong(5, seed.copied());
                insert.setString(6, seed.status());
                insert.setLong(7, now + i);
                insert.setLong(8, now + i);
                insert.setString(9, seed.status().equals("COMPLETED") ? "ab".repeat(32) : null);
                insert.executeUpdate();
            }
        }
    }

    @Test
    void summaryCountsEveryStateAndAddsUpTheBytes(Api api) {
        JsonObject summary = api.get("api/jobs/" + jobId + "/tracking").json().getJsonObject("summary");
        assertEquals(8, summary.getInt("total_tasks"));
        assertEquals(3, summary.getInt("completed"));
        assertEquals(1, summary.getInt("in_progress"));
        assertEquals(2, summary.getInt("pending"));
        assertEquals(1, summary.getInt("failed"));
        assertEquals(1, summary.getInt("retrying"));
        assertEquals(5000, summary.getJsonNumber("total_bytes").longValue());
        assertEquals(2140, summary.getJsonNumber("copied_bytes").longValue());
        assertEquals(0.428, summary.getJsonNumber("progress").doubleValue(), 0.0001);
        assertEquals(42.8, summary.getJsonNumber("percent").doubleValue(), 0.001);
    }

    @Test
    void tasksShowTheSeedsFieldsInCreationOrder(Api api) {
        JsonArray tasks = api.get("api/jobs/" + jobId + "/tracking").json().getJsonArray("tasks");
        assertEquals(8, tasks.size());
        JsonObject inProgress = tasks.getJsonObject(3);
        assertEquals("dir/file-3.bin", inProgress.getString("file_path"));
        assertEquals("in_progress", inProgress.getString("status"));
        assertEquals(2000, inProgress.getJsonNumber("file_size").longValue());
        assertEquals(500, inProgress.getJsonNumber("copied_bytes").longValue());
        assertEquals(0.25, inProgress.getJsonNumber("progress").doubleValue(), 0.0001);
        assertEquals(25.0, inProgress.getJsonNumber("percent").doubleValue(), 0.001);
        assertEquals("worker-1", inProgress.getString("slave_id"));
        assertEquals(jobId, inProgress.getString("job_id"));
        assertEquals(jobId, UUID.fromString(jobId).toString());
        assertEquals(JsonObject.NULL, inProgress.get("checksum"));
        assertEquals("ab".repeat(32), tasks.getJsonObject(0).getString("checksum"));
        assertEquals(1.0, tasks.getJsonObject(1).getJsonNumber("progress").doubleValue(), 0.001, "an empty completed file is done");
        assertNull(inProgress.get("no_such_field"));
    }

    @Test
    void tasksFilterByStatusAndPageWithTheMatchingTotal(Api api) {
        JsonObject completed = api.get("api/jobs/" + jobId + "/tracking?status=completed").json();
        assertEquals(3, completed.getJsonArray("tasks").size());
        completed.getJsonArray("tasks").forEach(t -> assertEquals("completed", t.asJsonObject().getString("status")));
        assertEquals(3, completed.getJsonObject("page").getInt("total"));
        assertEquals(8, completed.getJsonObject("summary").getInt("total_tasks"), "the summary is the whole job's");

        JsonObject page = api.get("api/jobs/" + jobId + "/tracking?limit=3&offset=3").json();
        List<String> paths = page.getJsonArray("tasks").stream().map(t -> t.asJsonObject().getString("file_path")).toList();
        assertEquals(IntStream.range(3, 6).mapToObj(i -> "dir/file-" + i + ".bin").toList(), paths);
        assertEquals(3, page.getJsonObject("page").getInt("limit"));
        assertEquals(3, page.getJsonObject("page").getInt("offset"));
        assertEquals(8, page.getJsonObject("page").getInt("total"));

        JsonObject pending = api.get("api/jobs/" + jobId + "/tracking?status=pending&limit=1&offset=1").json();
        assertEquals("dir/file-5.bin", pending.getJsonArray("tasks").getJsonObject(0).getString("file_path"));
        assertEquals(2, pending.getJsonObject("page").getInt("total"));
    }
}
