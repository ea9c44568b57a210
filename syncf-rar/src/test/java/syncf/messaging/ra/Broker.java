package syncf.messaging.ra;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.jms.admin.RMQConnectionFactory;
import com.rabbitmq.jms.admin.RMQDestination;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The real RabbitMQ on 127.0.0.1:5672, seen from the outside: send, count, delete, rabbitmqctl. */
final class Broker {

    static final String URI = "amqp://guest:guest@127.0.0.1:5672/%2F";

    private Broker() {
    }

    static String uniqueQueue(String purpose) {
        return "syncf-rar-test." + purpose + "." + UUID.randomUUID();
    }

    /** Sends persistent text messages the way SyncF's master does: UTF-8 bodies marked JMSType TextMessage. */
    static void send(String queue, String... texts) throws IOException, TimeoutException {
        AMQP.BasicProperties text = new AMQP.BasicProperties.Builder().deliveryMode(2).contentType("text/plain")
                .headers(Map.of("JMSType", "TextMessage")).build();
        try (com.rabbitmq.client.Connection connection = amqp().newConnection();
                com.rabbitmq.client.Channel channel = connection.createChannel()) {
            declare(channel, queue);
            for (String body : texts) {
                channel.basicPublish("", queue, text, body.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** Publishes whatever a client of the broker may: any properties, any bytes, to a queue that exists. */
    static void publish(String queue, AMQP.BasicProperties properties, byte[] body) throws IOException, TimeoutException {
        try (com.rabbitmq.client.Connection connection = amqp().newConnection();
                com.rabbitmq.client.Channel channel = connection.createChannel()) {
            channel.basicPublish("", queue, properties, body);
        }
    }

    /** A text message as SyncF's master sent it before this adapter decoded messages itself: the JMS client's serialized form. */
    static void sendWithTheJmsClient(String queue, String text) throws JMSException {
        RMQConnectionFactory factory = new RMQConnectionFactory();
        factory.setUri(URI);
        try (Connection connection = factory.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(new RMQDestination(queue, true, false));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            producer.send(session.createTextMessage(text));
        }
    }

    /** Takes every message off a queue (acknowledged: gone), oldest first. */
    static List<GetResponse> drain(String queue) throws IOException, TimeoutException {
        List<GetResponse> taken = new java.util.ArrayList<>();
        try (com.rabbitmq.client.Connection connection = amqp().newConnection();
                com.rabbitmq.client.Channel channel = connection.createChannel()) {
            for (GetResponse response = channel.basicGet(queue, true); response != null;
                    response = channel.basicGet(queue, true)) {
                taken.add(response);
            }
        }
        return taken;
    }

    /** Creates the queue with arguments, as an operator may have done before SyncF first ran. */
    static void declareWith(String queue, Map<String, Object> arguments) throws IOException, TimeoutException {
        try (com.rabbitmq.client.Connection connection = amqp().newConnection();
                com.rabbitmq.client.Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, true, false, false, arguments);
        }
    }

    private static void declare(com.rabbitmq.client.Channel channel, String queue) throws IOException {
        channel.queueDeclare(queue, true, false, false, null);
    }

    /** Messages ready for delivery; unacknowledged ones count again once their channel closes. */
    static long readyMessages(String queue) throws IOException, TimeoutException {
        try (com.rabbitmq.client.Connection connection = amqp().newConnection();
                com.rabbitmq.client.Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }
    }

    static void deleteQueue(String queue) throws IOException, TimeoutException {
        try (com.rabbitmq.client.Connection connection = amqp().newConnection();
                com.rabbitmq.client.Channel channel = connection.createChannel()) {
            channel.queueDelete(queue);
        }
    }

    /** Process ids of the broker connections whose client-provided name is exactly {@code name}. */
    static List<String> connections(String name) {
        String marker = "{\"connection_name\",\"" + name + "\"}";
        return rabbitmqctl("list_connections", "-q", "--no-table-headers", "pid", "client_properties").lines()
                .filter(line -> line.contains(marker))
                .map(line -> line.split("\t", 2)[0].strip())
                .toList();
    }

    /** Kills the named connections from the broker side, as a broker restart or network failure would. */
    static int closeConnections(String name) {
        List<String> pids = connections(name);
        pids.forEach(pid -> rabbitmqctl("close_connection", pid, "test kills the connection"));
        return pids.size();
    }

    /**
     * Makes the broker close one channel of the named connection, leaving the connection open: the
     * channel is told to acknowledge an unknown delivery tag, a channel error (PRECONDITION_FAILED).
     */
    static void breakOneChannel(String name) {
        List<String> connections = connections(name);
        if (connections.size() != 1) {
            throw new IllegalStateException("expected one connection named " + name + ": " + connections);
        }
        String channel = rabbitmqctl("list_channels", "-q", "--no-table-headers", "pid", "connection").lines()
                .map(line -> line.split("\t"))
                .filter(columns -> columns.length == 2 && columns[1].strip().equals(connections.get(0)))
                .map(columns -> columns[0].strip())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no channel on " + connections.get(0)));
        rabbitmqctl("eval", "rabbit_channel:do(rabbit_misc:string_to_pid(\"" + channel + "\"), {'basic.ack', 999999, false}).");
    }

    static String rabbitmqctl(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed: " + new String(output, StandardCharsets.UTF_8));
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(command + " cannot run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command + " interrupted", e);
        }
    }

    private static ConnectionFactory amqp() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        return factory;
    }
}
