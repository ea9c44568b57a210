package syncf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.jms.admin.RMQConnectionFactory;
import com.rabbitmq.jms.admin.RMQDestination;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker the node uses (the embedded one, or RabbitMQ in the postgresql execution) speaks
 * what SyncF's messaging needs, with the RabbitMQ JMS client the master and the workers use:
 * durable JMS queues, persistent messages, client acknowledgement, and redelivery of what was
 * not acknowledged.
 */
@ExtendWith(SharedNode.class)
class BrokerIT {

    static final long RECEIVE_TIMEOUT_MILLIS = 10_000;

    @Test
    void carriesPersistentMessagesAndRedeliversWhatWasNotAcknowledged(Node node) throws Exception {
        RMQConnectionFactory factory = new RMQConnectionFactory();
        factory.setUri(node.brokerUri());
        String name = "syncf.it." + UUID.randomUUID();
        Queue queue = new RMQDestination(name, true, false);
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(queue);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            producer.send(session.createTextMessage("task-1"));
            MessageConsumer consumer = session.createConsumer(queue);

            TextMessage first = (TextMessage) consumer.receive(RECEIVE_TIMEOUT_MILLIS);
            assertEquals("task-1", first.getText());
            assertFalse(first.getJMSRedelivered());
            session.recover();
            TextMessage again = (TextMessage) consumer.receive(RECEIVE_TIMEOUT_MILLIS);
            assertEquals("task-1", again.getText(), "not acknowledged: delivered again");
            assertTrue(again.getJMSRedelivered());
            again.acknowledge();
            consumer.close();

            Session other = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            assertNull(other.createConsumer(queue).receive(1000), "acknowledged: gone from the queue");
        } finally {
            deleteQueue(node.brokerUri(), name);
        }
    }

    /** The broker may be this machine's RabbitMQ, which outlives the test: leave nothing behind. */
    private static void deleteQueue(String uri, String name) throws Exception {
        ConnectionFactory amqp = new ConnectionFactory();
        amqp.setUri(uri);
        try (var connection = amqp.newConnection(); var channel = connection.createChannel()) {
            channel.queueDelete(name);
        }
    }
}
