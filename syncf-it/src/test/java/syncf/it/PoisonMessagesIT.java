package syncf.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static syncf.it.Content.bytes;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.jms.admin.RMQConnectionFactory;
import com.rabbitmq.jms.admin.RMQDestination;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Session;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Messages on {@code syncf.tasks} that SyncF did not send, published with the plain AMQP client
 * (and one with the JMS client) while a job runs: each is set aside in {@code syncf.tasks.dead}
 * with the reason, the job completes, and the node's adapter never reconnects (it used to close
 * and reopen its connection twice a second for as long as such a message existed). The node's
 * {@code syncf_messages_set_aside_total} is the count its health shows.
 */
@ExtendWith(SharedNode.class)
class PoisonMessagesIT {

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String QUEUE = "syncf.tasks";
    private static final String DEAD = "syncf.tasks.dead";
    private static final int HUGE = 16 * 1024 * 1024 + 1;

    @Test
    void unreadableMessagesAreSetAsideWhileTheJobCompletesAndTheNodeNeverReconnects(Node node, Api api)
            throws Exception {
        // the adapter shows its counts once its activation runs, which may be a moment after the node is ready
        await().atMost(WAIT).until(() -> workerData(api).containsKey("messages_set_aside"));
        long reconnectsBefore = count(workerData(api), "broker_reconnects");
        long setAsideBefore = count(workerData(api), "messages_set_aside");
        String source = Jobs.newSource(node);
        Path sourceDir = node.base().resolve(source);
        Random random = new Random(11);
        int files = 120;
        for (int i = 0; i < files - 1; i++) {
            Files.write(sourceDir.resolve("small-" + i + ".bin"), bytes(random, 1 + random.nextInt(4096)));
        }
        Files.write(sourceDir.resolve("large.bin"), bytes(random, 12 * 1024 * 1024)); // alone, in chunks
        String run = UUID.randomUUID().toString().substring(0, 8);
        // each kind, marked by its message id, and the reason the adapter or the worker gives
        Map<String, String> expected = new LinkedHashMap<>();

        try (Connection connection = amqp(node).newConnection(); Channel channel = connection.createChannel()) {
            expected.put(publish(channel, run, "bytes", new AMQP.BasicProperties.Builder(), bytes(random, 64)),
                    "a BytesMessage, not a text message of task ids");
            expected.put(publish(channel, run, "not-utf8", text(), new byte[] {'i', 'd', (byte) 0xff, (byte) 0xfe}),
                    "a text message whose body is not UTF-8");
            expected.put(publish(channel, run, "not-ids", text(), "hello, I am no task id".getBytes(UTF_8)),
                    "line 1 is not a task id: 'hello, I am no task id'");

            String submitted = ScanIT.submit(api, source, "1h");

            UUID nobody = UUID.randomUUID();
            expected.put(publish(channel, run, "unknown-id", text(), nobody.toString().getBytes(UTF_8)),
                    "no task has the id " + nobody);
            UUID first = UUID.randomUUID();
            UUID second = UUID.randomUUID();
            expected.put(publish(channel, run, "unknown-batch", text(), (first + "\n" + second).getBytes(UTF_8)),
                    "no task has the ids " + first + ", " + second);
            expected.put(publish(channel, run, "huge", text(), "x".repeat(HUGE).getBytes(UTF_8)),
                    "a body of " + HUGE + " bytes, more than the 16777216 a message may have");
            expected.put(publishWithTheJmsClient(node, run), "a BytesMessage, not a text message of task ids");

            JsonObject tracking = SyncIT.awaitCompleted(api, submitted, files);
            assertEquals(0, tracking.getJsonObject("summary").getInt("failed"), tracking::toString);
            for (int i = 0; i < files - 1; i++) {
                Path name = Path.of("small-" + i + ".bin");
                assertEquals(Files.mismatch(sourceDir.resolve(name), node.base().resolve("backup/" + source).resolve(name)),
                        -1L, name::toString);
            }

            await().atMost(WAIT).until(() -> count(workerData(api), "messages_set_aside")
                    >= setAsideBefore + expected.size());
            Map<String, String> reasons = new HashMap<>();
            for (GetResponse message : drain(channel)) {
                String id = message.getProps().getMessageId();
                Object reason = message.getProps().getHeaders().get("syncf-reason");
                if (id == null && contains(message.getBody(), "poison-" + run + "-jms")) {
                    id = "poison-" + run + "-jms"; // the JMS client writes its own id; ours is in the serialized body
                }
                if (id != null && id.startsWith("poison-" + run)) {
                    reasons.put(id, reason.toString());
                    assertEquals(QUEUE, message.getProps().getHeaders().get("syncf-queue").toString());
                }
            }
            assertEquals(expected, reasons, "every kind set aside, with what was wrong");
        }
        JsonObject after = workerData(api);
        assertEquals(reconnectsBefore, count(after, "broker_reconnects"),
                "the adapter kept its connection: " + after);
        assertEquals(0L, reconnectsBefore, "the shared node never reconnected: " + after);
        assertEquals(setAsideBefore + expected.size(), count(after, "messages_set_aside"), after::toString);
        assertEquals(count(after, "messages_set_aside"), MetricsIT.scrape(api).value("syncf_messages_set_aside_total"),
                "the metric is the adapter's count, as health shows it");
        String log = Files.readString(node.log());
        for (String reason : expected.values()) {
            // logged once per message, with the reason, by the adapter; the container logs nothing of it
            long messages = expected.values().stream().filter(reason::equals).count();
            assertEquals(messages, count(log, reason), reason);
        }
    }

    private static JsonObject workerData(Api api) {
        return api.get("health").json().getJsonArray("checks").stream().map(v -> v.asJsonObject())
                .filter(check -> check.getString("name").equals("worker")).findFirst().orElseThrow()
                .getJsonObject("data");
    }

    /** Payara writes health data as JSON strings or numbers, depending on its version: either will do. */
    private static long count(JsonObject data, String name) {
        JsonValue value = data.get(name);
        return value instanceof JsonNumber number ? number.longValue() : Long.parseLong(((JsonString) value).getString());
    }

    private static ConnectionFactory amqp(Node node) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(node.brokerUri());
        return factory;
    }

    private static AMQP.BasicProperties.Builder text() {
        return new AMQP.BasicProperties.Builder().headers(Map.of("JMSType", "TextMessage"));
    }

    private static String publish(Channel channel, String run, String kind, AMQP.BasicProperties.Builder properties,
            byte[] body) throws Exception {
        String id = "poison-" + run + "-" + kind;
        channel.basicPublish("", QUEUE, properties.messageId(id).deliveryMode(2).build(), body);
        return id;
    }

    /** An ObjectMessage, as a JMS application would send one: the JMS client's serialized form. */
    private static String publishWithTheJmsClient(Node node, String run) throws Exception {
        String id = "poison-" + run + "-jms";
        RMQConnectionFactory factory = new RMQConnectionFactory();
        factory.setUri(node.brokerUri());
        jakarta.jms.Connection connection = factory.createConnection();
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(new RMQDestination(QUEUE, true, false))) {
            ObjectMessage message = session.createObjectMessage(new ArrayList<>(List.of(id)));
            producer.send(message);
        } finally {
            connection.close();
        }
        return id;
    }

    private static List<GetResponse> drain(Channel channel) throws Exception {
        List<GetResponse> taken = new ArrayList<>();
        for (GetResponse response = channel.basicGet(DEAD, true); response != null; response = channel.basicGet(DEAD, true)) {
            taken.add(response);
        }
        return taken;
    }

    private static boolean contains(byte[] body, String marker) {
        return new String(body, java.nio.charset.StandardCharsets.ISO_8859_1).contains(marker);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
