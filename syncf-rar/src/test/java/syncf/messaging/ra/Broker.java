package syncf.messaging.ra;

import com.rabbitmq.client.ConnectionFactory;
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

    /** Sends persistent text messages the way SyncF's senders do: the RabbitMQ JMS client, a JMS queue. */
    static void send(String queue, String... texts) throws JMSException {
        RMQConnectionFactory factory = new RMQConnectionFactory();
        factory.setUri(URI);
        try (Connection connection = factory.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(new RMQDestination(queue, true, false));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (String text : texts) {
                producer.send(session.createTextMessage(text));
            }
        }
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
