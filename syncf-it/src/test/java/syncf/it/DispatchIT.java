package syncf.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.jms.admin.RMQConnectionFactory;
import com.rabbitmq.jms.admin.RMQDestination;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
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

    /**
     * A worker died holding a task: its message was redelivered while the lease ran, and dropped.
     * Once the lease runs out the sweep hands the task on, without waiting for the pipeline to go
     * quiet ({@code SYNCF_DISPATCH_REPUBLISH_AFTER}, a minute on this node, while other classes'
     * jobs keep it busy); before that, nobody takes it.
     */
    @Test
    void aTaskWhoseHolderDiedIsHandedOnOnceItsLeaseRunsOut(Node node, Api api, Database database)
            throws IOException, SQLException {
        String source = Jobs.newSource(node);
        String job = ScanIT.submit(api, source, "1h");
        ScanIT.awaitScanAfter(api, job, Instant.EPOCH);
        Path file = node.base().resolve(source).resolve("orphan.txt");
        Files.writeString(file, "held by a worker that died");

        String task = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        long leaseUntil = now + 3_000;
        try (var connection = database.connect();
                PreparedStatement insert = connection.prepareStatement(
                        "insert into sync_task (id, job_id, file_path, file_size, source_modified_at, copied_bytes,"
                                + " status, slave_id, attempts, created_at, updated_at, started_at, published_at,"
                                + " lease_until, version) values (?, ?, 'orphan.txt', ?, ?, 0, 'IN_PROGRESS',"
                                + " 'a-dead-worker', 1, ?, ?, ?, ?, ?, 1)")) {
            insert.setString(1, task);
            insert.setString(2, job);
            insert.setLong(3, Files.size(file));
            insert.setLong(4, Files.getLastModifiedTime(file).toMillis());
            for (int column = 5; column <= 8; column++) {
                insert.setLong(column, now - 1_000);
            }
            insert.setLong(9, leaseUntil);
            insert.executeUpdate();
        }
        // the task's own message, redelivered while the lease runs: dropped, as the task is held
        publish(node, task);

        await().atMost(Duration.ofSeconds(30)).until(() -> tracking(api, job).getJsonObject("summary")
                .getInt("completed") == 1);
        JsonObject done = tracking(api, job).getJsonArray("tasks").getJsonObject(0);
        assertEquals(task, done.getString("task_id"));
        assertNotEquals("a-dead-worker", done.getString("slave_id"));
        assertTrue(Instant.parse(done.getString("completed_at")).toEpochMilli() >= leaseUntil,
                "taken only once the lease ran out: " + done);
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(node.base().resolve("backup/" + source + "/orphan.txt")));
    }

    static JsonObject tracking(Api api, String job) {
        return api.get("api/jobs/" + job + "/tracking").json();
    }

    /** Sends one task message to the node's task queue, as a broker redelivering it would. */
    static void publish(Node node, String taskId) {
        RMQConnectionFactory factory = new RMQConnectionFactory();
        try {
            factory.setUri(node.brokerUri());
            Connection connection = factory.createConnection();
            try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageProducer producer = session.createProducer(new RMQDestination("syncf.tasks", true, false))) {
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                producer.send(session.createTextMessage(taskId));
            } finally {
                connection.close();
            }
        } catch (JMSException e) {
            throw new IllegalStateException("cannot publish to " + node.brokerUri(), e);
        }
    }
}
