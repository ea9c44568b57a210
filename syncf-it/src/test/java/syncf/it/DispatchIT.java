package syncf.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.jms.admin.RMQConnectionFactory;
import com.rabbitmq.jms.admin.RMQDestination;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tasks reach the broker: each new task is published on the durable queue {@code syncf.tasks}
 * after its batch commits, and a task committed without a message is published by the sweep.
 * (This test takes the messages itself; the workers' message-driven beans are not deployed yet.)
 */
@ExtendWith(SharedNode.class)
class DispatchIT {

    static final Duration WAIT = Duration.ofSeconds(60);

    Connection connection;
    MessageConsumer consumer;
    Set<String> received = new HashSet<>();

    @BeforeEach
    void consumeTheTaskQueue(Node node) throws JMSException {
        RMQConnectionFactory factory = new RMQConnectionFactory();
        factory.setUri(node.brokerUri());
        connection = factory.createConnection();
        connection.start();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        consumer = session.createConsumer(new RMQDestination("syncf.tasks", true, false));
    }

    @AfterEach
    void close() throws JMSException {
        connection.close();
    }

    @Test
    void everyNewTaskIsPublishedOnTheTaskQueue(Node node, Api api) throws IOException {
        String source = Jobs.newSource(node);
        for (String name : new String[] {"one", "two", "three"}) {
            Files.writeString(node.base().resolve(source).resolve(name), name);
        }
        String job = ScanIT.submit(api, source, "1h");
        Set<String> tasks = ScanIT.awaitTasks(api, job, 3).getJsonArray("tasks").stream()
                .map(t -> t.asJsonObject().getString("task_id")).collect(Collectors.toSet());

        awaitReceived(tasks);
    }

    @Test
    void aTaskCommittedWithoutAMessageIsPublishedByTheSweep(Node node, Api api, Database database) throws SQLException {
        String job = ScanIT.submit(api, Jobs.newSource(node), "1h");
        String task = UUID.randomUUID().toString();
        try (var connection = database.connect();
                PreparedStatement insert = connection.prepareStatement(
                        "insert into sync_task (id, job_id, file_path, file_size, copied_bytes, status, attempts,"
                                + " created_at, updated_at, version) values (?, ?, 'lost.txt', 1, 0, 'PENDING', 0, ?, ?, 1)")) {
            insert.setString(1, task);
            insert.setString(2, job);
            insert.setLong(3, System.currentTimeMillis());
            insert.setLong(4, System.currentTimeMillis());
            insert.executeUpdate();
        }

        awaitReceived(Set.of(task));
    }

    private void awaitReceived(Set<String> expected) {
        await().atMost(WAIT).until(() -> {
            Message message;
            while ((message = consumer.receive(200)) != null) {
                received.add(((TextMessage) message).getText());
            }
            return received.containsAll(expected);
        });
        assertTrue(received.containsAll(expected));
    }
}
