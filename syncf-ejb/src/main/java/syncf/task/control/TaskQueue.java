package syncf.task.control;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The durable queue of tasks to copy, on RabbitMQ or the embedded broker, through the AMQP
 * client. A message is a task id, or the ids of a batch of small files one per line, and
 * nothing else: the database holds the tasks, so a message sent twice, or late, can do no
 * harm. The body is plain UTF-8 text marked {@code JMSType: TextMessage} (what the RabbitMQ JMS
 * client writes to AMQP destinations), which the workers' adapter decodes itself, and anyone can
 * read in the broker's tools: not the JMS client's Java-serialized form (docs/adr/0014). One
 * connection and channel, opened on first use and again after a failure.
 */
@ApplicationScoped
public class TaskQueue {

    public static final String NAME = "syncf.tasks";
    private static final System.Logger LOG = System.getLogger(TaskQueue.class.getName());

    @Inject
    @ConfigProperty(name = "syncf.mq.url", defaultValue = "amqp://guest:guest@127.0.0.1:5673")
    String url;

    private static final AMQP.BasicProperties TEXT = new AMQP.BasicProperties.Builder()
            .contentType("text/plain; charset=utf-8")
            .deliveryMode(2) // persistent
            .headers(Map.of("JMSType", "TextMessage"))
            .build();
    private static final int NOT_FOUND = 404;

    private Connection connection;
    /** Kept with the connection: opening a channel costs the broker round trips each time. */
    private Channel channel;

    /** The body of a message carrying these tasks: their ids, one per line. */
    public static String bodyOf(Collection<UUID> taskIds) {
        return taskIds.stream().map(UUID::toString).collect(Collectors.joining("\n"));
    }

    /**
     * The task ids a message carries; a message of one id is a batch of one.
     *
     * @throws IllegalArgumentException saying which line is not a task id
     */
    public static List<UUID> idsOf(String body) {
        List<UUID> ids = new ArrayList<>();
        String[] lines = body.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                ids.add(UUID.fromString(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not a task id: '"
                        + (line.length() > 60 ? line.substring(0, 60) + "..." : line) + "'");
            }
        }
        return ids;
    }

    /** Sends one persistent message per batch of task ids; on failure the caller leaves them to the sweeper. */
    public synchronized void publish(Collection<? extends Collection<UUID>> messages) throws IOException {
        try {
            Channel sender = channel();
            for (Collection<UUID> ids : messages) {
                sender.basicPublish("", NAME, TEXT, bodyOf(ids).getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            closeConnection();
            throw e;
        }
    }

    private Channel channel() throws IOException {
        if (connection == null) {
            ConnectionFactory factory = new ConnectionFactory();
            try {
                factory.setUri(url);
                factory.setAutomaticRecoveryEnabled(false); // a failed publish opens a new connection instead
                connection = factory.newConnection("syncf master " + NAME);
            } catch (TimeoutException | java.net.URISyntaxException | java.security.GeneralSecurityException e) {
                throw new IOException("cannot connect to the broker: " + e.getMessage(), e);
            }
            LOG.log(INFO, "Connected to the broker for task messages");
        }
        if (channel == null) {
            declareQueue();
            channel = connection.createChannel();
        }
        return channel;
    }

    /**
     * Creates the queue if it is missing, as the workers' adapter does, so that nothing published
     * before a worker first connects is dropped; a queue that exists is left as it is (its
     * arguments may differ from ours, and a redeclare would then fail).
     */
    private void declareQueue() throws IOException {
        Channel declaring = connection.createChannel();
        try {
            declaring.queueDeclarePassive(NAME);
            closeQuietly(declaring);
        } catch (IOException e) {
            if (!(e.getCause() instanceof ShutdownSignalException signal
                    && signal.getReason() instanceof AMQP.Channel.Close close && close.getReplyCode() == NOT_FOUND)) {
                throw e;
            }
            Channel creating = connection.createChannel();
            creating.queueDeclare(NAME, true, false, false, null);
            closeQuietly(creating);
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.log(INFO, "Closing a channel failed: {0}", e.getMessage());
        }
    }

    @PreDestroy
    synchronized void closeConnection() {
        channel = null; // closed with the connection
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(WARNING, "Closing the broker connection failed: {0}", e.getMessage());
            }
            connection = null;
        }
    }
}
