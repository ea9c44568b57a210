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
import java.util.Collection;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The durable queue of tasks to copy, on RabbitMQ or the embedded broker, through the
 * RabbitMQ JMS client. A message is a task id and nothing else: the database holds the task,
 * so a message sent twice, or late, can do no harm. One connection, opened on first use and
 * again after a failure.
 */
@ApplicationScoped
public class TaskQueue {

    public static final String NAME = "syncf.tasks";
    private static final System.Logger LOG = System.getLogger(TaskQueue.class.getName());

    @Inject
    @ConfigProperty(name = "syncf.mq.url", defaultValue = "amqp://guest:guest@127.0.0.1:5673")
    String url;

    private Connection connection;

    /** Sends one persistent message per task id; on failure the caller leaves them to the sweeper. */
    public synchronized void publish(Collection<UUID> taskIds) throws JMSException {
        try (Session session = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(new RMQDestination(NAME, true, false))) {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (UUID id : taskIds) {
                producer.send(session.createTextMessage(id.toString()));
            }
        } catch (JMSException | RuntimeException e) {
            closeConnection();
            throw e;
        }
    }

    private Connection connection() throws JMSException {
        if (connection == null) {
            RMQConnectionFactory factory = new RMQConnectionFactory();
            factory.setUri(url);
            connection = factory.createConnection();
            LOG.log(INFO, "Connected to the broker for task messages");
        }
        return connection;
    }

    @PreDestroy
    synchronized void closeConnection() {
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
