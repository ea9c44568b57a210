package syncf.task.control;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import com.rabbitmq.jms.admin.RMQConnectionFactory;
import com.rabbitmq.jms.admin.RMQDestination;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The durable queue of tasks to copy, on RabbitMQ or the embedded broker, through the
 * RabbitMQ JMS client. A message is a task id, or the ids of a batch of small files one per
 * line, and nothing else: the database holds the tasks, so a message sent twice, or late, can
 * do no harm. One connection, session and producer, opened on first use and again after a
 * failure.
 */
@ApplicationScoped
public class TaskQueue {

    public static final String NAME = "syncf.tasks";
    private static final System.Logger LOG = System.getLogger(TaskQueue.class.getName());

    @Inject
    @ConfigProperty(name = "syncf.mq.url", defaultValue = "amqp://guest:guest@127.0.0.1:5673")
    String url;

    private Connection connection;
    /** Kept with the connection: opening a session and a producer costs the broker round trips each time. */
    private Session session;
    private MessageProducer producer;

    /** The body of a message carrying these tasks: their ids, one per line. */
    public static String bodyOf(Collection<UUID> taskIds) {
        return taskIds.stream().map(UUID::toString).collect(Collectors.joining("\n"));
    }

    /** The task ids a message carries; a message of one id is a batch of one. */
    public static List<UUID> idsOf(String body) {
        return Arrays.stream(body.split("\n")).map(String::strip).filter(line -> !line.isEmpty()).map(UUID::fromString)
                .toList();
    }

    /** Sends one persistent message per batch of task ids; on failure the caller leaves them to the sweeper. */
    public synchronized void publish(Collection<? extends Collection<UUID>> messages) throws JMSException {
        try {
            MessageProducer sender = producer();
            for (Collection<UUID> ids : messages) {
                sender.send(session.createTextMessage(bodyOf(ids)));
            }
        } catch (JMSException | RuntimeException e) {
            closeConnection();
            throw e;
        }
    }

    private MessageProducer producer() throws JMSException {
        if (connection == null) {
            RMQConnectionFactory factory = new RMQConnectionFactory();
            factory.setUri(url);
            connection = factory.createConnection();
            LOG.log(INFO, "Connected to the broker for task messages");
        }
        if (producer == null) {
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producer = session.createProducer(new RMQDestination(NAME, true, false));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        }
        return producer;
    }

    @PreDestroy
    synchronized void closeConnection() {
        session = null; // closed with the connection
        producer = null;
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException e) {
                LOG.log(WARNING, "Closing the broker connection failed: {0}", e.getMessage());
            }
            connection = null;
        }
    }
}
