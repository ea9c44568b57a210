package syncf.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Delivery is at least once without a transaction spanning database and broker: a task that
 * was committed but whose message never went out (the master died in between, the broker was
 * away) is published again by the sweep, and copied.
 */
@ExtendWith(SharedNode.class)
class DispatchIT {

    @Test
    void aTaskCommittedWithoutAMessageIsPublishedByTheSweepAndCopied(Node node, Api api, Database database)
            throws IOException, SQLException {
        String source = Jobs.newSource(node);
        String job = ScanIT.submit(api, source, "1h");
        ScanIT.awaitScanAfter(api, job, Instant.EPOCH); // the only scan found nothing; the next is an hour away
        Path file = node.base().resolve(source).resolve("lost.txt");
        Files.writeString(file, "committed, never sent");

        String task = UUID.randomUUID().toString();
        try (var connection = database.connect();
                PreparedStatement insert = connection.prepareStatement(
                        "insert into sync_task (id, job_id, file_path, file_size, source_modified_at, copied_bytes,"
                                + " status, attempts, created_at, updated_at, version)"
                                + " values (?, ?, 'lost.txt', ?, ?, 0, 'PENDING', 0, ?, ?, 1)")) {
            insert.setString(1, task);
            insert.setString(2, job);
            insert.setLong(3, Files.size(file));
            insert.setLong(4, Files.getLastModifiedTime(file).toMillis());
            insert.setLong(5, System.currentTimeMillis());
            insert.setLong(6, System.currentTimeMillis());
            insert.executeUpdate();
        }

        JsonObject tracking = SyncIT.awaitCompleted(api, job, 1);
        assertEquals(task, tracking.getJsonArray("tasks").getJsonObject(0).getString("task_id"));
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(node.base().resolve("backup/" + source + "/lost.txt")));
    }
}
