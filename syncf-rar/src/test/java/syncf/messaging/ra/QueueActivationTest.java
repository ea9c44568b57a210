package syncf.messaging.ra;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import jakarta.jms.MessageFormatRuntimeException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.LogRecord;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against the real RabbitMQ on 127.0.0.1:5672 (guest/guest); every test uses queues of its own. */
class QueueActivationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final TestBootstrap bootstrap = new TestBootstrap();
    private final SyncfResourceAdapter adapter = new SyncfResourceAdapter();
    private final LogRecords logs = new LogRecords();
    private final List<String> queues = new ArrayList<>();
    private final CountDownLatch releaseHandlers = new CountDownLatch(1);

    @AfterEach
    void cleanUp() throws Exception {
        releaseHandlers.countDown();
        adapter.stop();
        logs.close();
        for (String queue : queues) {
            Broker.deleteQueue(queue);
        }
        assertEquals(List.of(), bootstrap.failures(), "exceptions escaped the supervisor");
    }

    @Test
    void deliversMessagesToTheEndpointAndAcknowledgesThem() throws Exception {
        start(Broker.URI);
        String queue = queue("deliver");
        RecordingEndpoints endpoints = RecordingEndpoints.accepting();
        TaskQueueActivationSpec spec = spec(queue, 2);
        QueueActivation activation = activate(endpoints, spec);
        await().atMost(PATIENCE).until(activation::connected);

        Broker.send(queue, "m1", "m2", "m3", "m4", "m5");

        await().atMost(PATIENCE).until(() -> endpoints.delivered().size() == 5);
        adapter.endpointDeactivation(endpoints, spec);
        assertEquals(List.of("m1", "m2", "m3", "m4", "m5"), endpoints.delivered().stream().sorted().toList());
        // closing the channels would have put unacknowledged messages back
        assertEquals(0, Broker.readyMessages(queue));
        assertEquals(List.of(), endpoints.redelivered());
        assertEquals(5, endpoints.created());
        assertEquals(5, endpoints.released());
        assertEquals(List.of(), endpoints.protocolErrors());
        assertEquals(0, logs.count("Lost the broker"), "no reconnect without a reason");
        await().atMost(PATIENCE).until(() -> Broker.connections(QueueActivation.connectionName(queue)).isEmpty());
    }

    @Test
    void redeliversAMessageWhoseDeliveryFailedUntilItSucceeds() throws Exception {
        start(Broker.URI);
        String queue = queue("redeliver");
        RecordingEndpoints endpoints = new RecordingEndpoints((message, attempt) -> {
            if (message.getText().equals("fails-twice") && attempt <= 2) {
                throw new IllegalStateException("attempt " + attempt + " fails on purpose");
            }
        });
        TaskQueueActivationSpec spec = spec(queue, 1);
        QueueActivation activation = activate(endpoints, spec);
        await().atMost(PATIENCE).until(activation::connected);

        Broker.send(queue, "fails-twice", "fine");

        await().atMost(PATIENCE).until(() -> endpoints.delivered().containsAll(List.of("fails-twice", "fine")));
        adapter.endpointDeactivation(endpoints, spec);
        assertEquals(3, endpoints.attempts("fails-twice"));
        assertEquals(1, endpoints.attempts("fine"));
        assertTrue(endpoints.redelivered().contains("fails-twice"), "redelivered flag on the retry");
        assertEquals(0, Broker.readyMessages(queue));
        assertEquals(endpoints.created(), endpoints.released());
        assertEquals(List.of(), endpoints.protocolErrors());
        assertEquals(2, logs.count("Delivery from queue " + queue + " failed"));
        assertEquals(List.of(), logs.withThrowable(), "failures are logged without stack traces");
    }

    @Test
    void deliversToMaxSessionsEndpointsInParallel() throws Exception {
        start(Broker.URI);
        String queue = queue("parallel");
        RecordingEndpoints endpoints = new RecordingEndpoints(
                (message, attempt) -> releaseHandlers.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        // more than the AMQP client's default dispatch pool (2 threads per processor) could run at once
        int sessions = Math.min(TaskQueueActivationSpec.MAX_SESSIONS_LIMIT, 2 * Runtime.getRuntime().availableProcessors() + 1);
        TaskQueueActivationSpec spec = spec(queue, sessions);
        QueueActivation activation = activate(endpoints, spec);
        await().atMost(PATIENCE).until(activation::connected);

        String[] texts = IntStream.rangeClosed(1, sessions + 1).mapToObj(i -> "slow-" + i).toArray(String[]::new);
        Broker.send(queue, texts);

        // every handler blocks until released, so this many at once proves the sessions deliver in parallel
        await().atMost(PATIENCE).until(() -> endpoints.inFlight() == sessions);
        releaseHandlers.countDown();
        await().atMost(PATIENCE).until(() -> endpoints.delivered().size() == texts.length);
        assertEquals(sessions, endpoints.maxInFlight());
        adapter.endpointDeactivation(endpoints, spec);
        assertEquals(0, Broker.readyMessages(queue));
    }

    @Test
    void aDeliveryMayTakeLongerThanTheJmsClientDefaultTimeout() throws Exception {
        start(Broker.URI);
        String queue = queue("slow");
        AtomicBoolean interrupted = new AtomicBoolean();
        RecordingEndpoints endpoints = new RecordingEndpoints((message, attempt) -> {
            try {
                releaseHandlers.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        });
        TaskQueueActivationSpec spec = spec(queue, 1);
        QueueActivation activation = activate(endpoints, spec);
        await().atMost(PATIENCE).until(activation::connected);

        Broker.send(queue, "takes-3-seconds");

        await().atMost(PATIENCE).until(() -> endpoints.inFlight() == 1);
        // the client's default onMessageTimeoutMs (2 s) would interrupt the handler and break the session
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> endpoints.inFlight() == 1 && !interrupted.get());
        releaseHandlers.countDown();
        await().atMost(PATIENCE).until(() -> endpoints.delivered().contains("takes-3-seconds"));
        adapter.endpointDeactivation(endpoints, spec);
        assertEquals(1, endpoints.attempts("takes-3-seconds"));
        assertEquals(0, Broker.readyMessages(queue));
    }

    @Test
    void keepsRetryingWhileTheBrokerIsUnreachableAndStopsPromptly() throws Exception {
        start("amqp://guest:guest@127.0.0.1:1/%2F");
        String queue = queue("unreachable");
        RecordingEndpoints endpoints = RecordingEndpoints.accepting();
        TaskQueueActivationSpec spec = spec(queue, 2);
        QueueActivation activation = activate(endpoints, spec);
        String failure = "Cannot consume queue " + queue;

        // attempts at about 0 s, 0.5 s, 1.5 s, 3.5 s: the fourth failure means we are in the 4 s pause
        await().atMost(PATIENCE).until(() -> logs.count(failure) >= 4);
        List<LogRecord> failures = logs.containing(failure);
        assertTrue(gap(failures, 0, 1).toMillis() >= 450, "first pause about 0.5 s: " + gap(failures, 0, 1));
        assertTrue(gap(failures, 1, 2).toMillis() >= 950, "second pause about 1 s: " + gap(failures, 1, 2));
        assertTrue(gap(failures, 2, 3).toMillis() >= 1950, "third pause about 2 s: " + gap(failures, 2, 3));
        assertFalse(activation.connected());
        assertEquals(List.of(), logs.withThrowable(), "retries are logged without stack traces");

        long started = System.nanoTime();
        adapter.endpointDeactivation(endpoints, spec);
        Duration stopping = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(stopping.compareTo(Duration.ofSeconds(1)) < 0, "stop waited for the backoff: " + stopping);
        assertTrue(activation.finished());
        await().atMost(Duration.ofSeconds(1)).until(bootstrap::allWorkFinished);
        int attempts = logs.count(failure);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> logs.count(failure) == attempts);
        assertEquals(0, endpoints.created());
    }

    @Test
    void startsConsumingOnceTheBrokerBecomesReachable() throws Exception {
        int port = TcpProxy.freePort();
        start("amqp://guest:guest@127.0.0.1:" + port + "/%2F");
        String queue = queue("late-broker");
        RecordingEndpoints endpoints = RecordingEndpoints.accepting();
        TaskQueueActivationSpec spec = spec(queue, 1);
        QueueActivation activation = activate(endpoints, spec);
        await().atMost(PATIENCE).until(() -> logs.count("Cannot consume queue " + queue) >= 2);
        assertFalse(activation.connected());
        assertEquals(false, attribute(queue, "Connected"), "what a worker's readiness check reads");

        TcpProxy broker = new TcpProxy(port, 5672);
        try {
            await().atMost(PATIENCE).until(activation::connected);
            assertEquals(true, attribute(queue, "Connected"));
            Broker.send(queue, "after-the-broker-came-up");
            await().atMost(PATIENCE).until(() -> endpoints.delivered().contains("after-the-broker-came-up"));
            assertEquals(1, logs.count("Consuming queue " + queue));
            adapter.endpointDeactivation(endpoints, spec);
        } finally {
            broker.close();
        }
        assertEquals(0, Broker.readyMessages(queue));
    }

    @Test
    void reconnectsAfterTheBrokerClosesTheConnection() throws Exception {
        start(Broker.URI);
        String queue = queue("reconnect");
        String connection = QueueActivation.connectionName(queue);
        RecordingEndpoints endpoints = RecordingEndpoints.accepting();
        TaskQueueActivationSpec spec = spec(queue, 2);
        QueueActivation activation = activate(endpoints, spec);
        await().atMost(PATIENCE).until(activation::connected);
        // several messages, so that both sessions have delivered (and started a listener thread) before the kill
        Broker.send(queue, "before-1", "before-2", "before-3", "before-4");
        await().atMost(PATIENCE).until(() -> endpoints.delivered().size() == 4);

        assertEquals(1, Broker.closeConnections(connection));

        await().atMost(PATIENCE).until(() -> logs.count("Lost the broker for queue " + queue) == 1);
        await().atMost(PATIENCE).until(() -> logs.count("Reconnected, consuming queue " + queue) == 1);
        Broker.send(queue, "after");
        await().atMost(PATIENCE).until(() -> endpoints.delivered().contains("after"));
        assertEquals(1, Broker.connections(connection).size());
        assertEquals(1L, attribute(queue, "Reconnects"), "the broker's close counts as one reconnect");
        assertTrue(threadsOf(queue) > 0, "the leak check below sees the adapter's threads");

        adapter.endpointDeactivation(endpoints, spec);
        assertEquals(List.of("after", "before-1", "before-2", "before-3", "before-4"),
                endpoints.delivered().stream().sorted().toList());
        assertEquals(0, Broker.readyMessages(queue));
        await().atMost(PATIENCE).until(() -> Broker.connections(connection).isEmpty());
        await().atMost(PATIENCE).until(() -> threadsOf(queue) == 0);
        assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(QueueActivation.objectNameOf(queue)),
                "a stopped activation leaves no MBean behind");
    }

    @Test
    void reconnectsWhenTheBrokerClosesASessionButNotTheConnection() throws Exception {
        start(Broker.URI);
        String queue = queue("channel");
        String connection = QueueActivation.connectionName(queue);
        RecordingEndpoints endpoints = RecordingEndpoints.accepting();
        TaskQueueActivationSpec spec = spec(queue, 1);
        QueueActivation activation = activate(endpoints, spec);
        await().atMost(PATIENCE).until(activation::connected);
        List<String> connectionsBefore = Broker.connections(connection);

        // as RabbitMQ does to a consumer that keeps a delivery unacknowledged past its consumer timeout
        Broker.breakOneChannel(connection);

        await().atMost(PATIENCE).until(() -> logs.count("Lost the broker for queue " + queue) == 1);
        assertTrue(logs.containing("Lost the broker for queue " + queue).get(0).getParameters()[1].toString()
                .contains("PRECONDITION_FAILED"));
        await().atMost(PATIENCE).until(() -> logs.count("Reconnected, consuming queue " + queue) == 1);
        // the only session was the broken one, so this message arrives only through a new session
        Broker.send(queue, "after-the-channel-broke");
        await().atMost(PATIENCE).until(() -> endpoints.delivered().contains("after-the-channel-broke"));
        List<String> connectionsAfter = Broker.connections(connection);
        assertEquals(1, connectionsAfter.size());
        assertFalse(connectionsAfter.equals(connectionsBefore), "a fresh connection replaced the old one");
        adapter.endpointDeactivation(endpoints, spec);
        assertEquals(0, Broker.readyMessages(queue));
    }

    @Test
    void stopEndsEveryActivationAndLeavesNoConnectionsOrThreads() throws Exception {
        start(Broker.URI);
        String first = queue("stop-a");
        String second = queue("stop-b");
        RecordingEndpoints firstEndpoints = RecordingEndpoints.accepting();
        RecordingEndpoints secondEndpoints = RecordingEndpoints.accepting();
        QueueActivation a = activate(firstEndpoints, spec(first, 2));
        QueueActivation b = activate(secondEndpoints, spec(second, 3));
        await().atMost(PATIENCE).until(() -> a.connected() && b.connected());
        assertEquals(1, Broker.connections(QueueActivation.connectionName(first)).size());
        assertEquals(1, Broker.connections(QueueActivation.connectionName(second)).size());
        Broker.send(first, "one");
        Broker.send(second, "two");
        await().atMost(PATIENCE).until(() -> firstEndpoints.delivered().size() + secondEndpoints.delivered().size() == 2);

        adapter.stop();

        assertTrue(a.finished() && b.finished());
        assertEquals(0, adapter.activations().size());
        await().atMost(PATIENCE).until(bootstrap::allWorkFinished);
        await().atMost(PATIENCE).until(() -> Broker.connections(QueueActivation.connectionName(first)).isEmpty()
                && Broker.connections(QueueActivation.connectionName(second)).isEmpty());
        await().atMost(PATIENCE).until(() -> threadsOf(first) + threadsOf(second) == 0);
    }

    @Test
    void setsAsideEveryKindOfUnreadableMessageWhileTheOthersFlowOnOneConnection() throws Exception {
        start(Broker.URI);
        String queue = queue("poison");
        String connection = QueueActivation.connectionName(queue);
        RecordingEndpoints endpoints = new RecordingEndpoints((message, attempt) -> {
            if (message.getText().startsWith("not-a-task")) {
                throw new MessageFormatRuntimeException("line 1 is not a task id: " + message.getText());
            }
        });
        TaskQueueActivationSpec spec = spec(queue, 2);
        spec.setMaxMessageBytes(1024);
        QueueActivation activation = activate(endpoints, spec);
        await().atMost(PATIENCE).until(activation::connected);
        List<String> connectionsBefore = Broker.connections(connection);
        String[] good = IntStream.rangeClosed(1, 40).mapToObj(i -> "good-" + i).toArray(String[]::new);

        Broker.send(queue, java.util.Arrays.copyOfRange(good, 0, 20));
        // no headers, any bytes: what any AMQP client may publish (the JMS client's consumer threw on it)
        Broker.publish(queue, new AMQP.BasicProperties(), new byte[] {(byte) 0xac, (byte) 0xed, 0, 5, 't', 'x'});
        // says it is text, is not UTF-8
        Broker.publish(queue, textProperties(null), new byte[] {'i', 'd', (byte) 0xff, (byte) 0xfe});
        // text the bean cannot read (it says so with MessageFormatRuntimeException)
        Broker.send(queue, "not-a-task, says the bean");
        // larger than maxMessageBytes
        Broker.send(queue, "x".repeat(2048));
        // headers the JMS client could not map to properties (a void value, an invalid name)
        Broker.publish(queue, textProperties(headersWithVoid()), "not-a-task with odd headers".getBytes(UTF_8));
        // the JMS client's own serialized format, as SyncF's master sent messages before
        Broker.sendWithTheJmsClient(queue, "good-but-old-format");
        Broker.send(queue, java.util.Arrays.copyOfRange(good, 20, 40));

        await().atMost(PATIENCE).until(() -> endpoints.delivered().size() == good.length);
        await().atMost(PATIENCE).until(() -> activation.getMessagesSetAside() == 6);
        assertEquals(connectionsBefore, Broker.connections(connection), "one connection consumed it all");
        assertEquals(0L, attribute(queue, "Reconnects"));
        assertEquals(6L, attribute(queue, "MessagesSetAside"));
        assertEquals(QueueActivation.deadLetterQueueOf(queue), attribute(queue, "DeadLetterQueue"));
        adapter.endpointDeactivation(endpoints, spec);

        assertEquals(java.util.Arrays.stream(good).sorted().toList(), endpoints.delivered().stream().sorted().toList());
        assertEquals(0, Broker.readyMessages(queue));
        List<GetResponse> dead = Broker.drain(QueueActivation.deadLetterQueueOf(queue));
        List<String> reasons = dead.stream().map(m -> header(m, QueueActivation.REASON_HEADER)).toList();
        assertEquals(6, dead.size(), () -> "set aside: " + reasons);
        assertTrue(reasons.stream().filter(r -> r.startsWith("not a text message: ")).count() == 2, reasons::toString);
        assertTrue(reasons.contains("a text message whose body is not UTF-8"), reasons::toString);
        assertTrue(reasons.contains("line 1 is not a task id: not-a-task, says the bean"), reasons::toString);
        assertTrue(reasons.contains("line 1 is not a task id: not-a-task with odd headers"), reasons::toString);
        assertTrue(reasons.contains("a body of 2048 bytes, more than the 1024 a message may have"), reasons::toString);
        for (GetResponse message : dead) {
            assertEquals(queue, header(message, QueueActivation.QUEUE_HEADER));
            assertEquals(2, message.getProps().getDeliveryMode(), "persistent in the dead-letter queue");
        }
        // the body is kept as it came, for an operator to look at or replay
        GetResponse refused = dead.stream().filter(m -> new String(m.getBody(), UTF_8).equals("not-a-task, says the bean"))
                .findFirst().orElseThrow();
        // what the bean refused was tried maxDeliveries times (3 by default); what the adapter could not decode, once
        assertEquals("3", header(refused, QueueActivation.DELIVERIES_HEADER));
        assertEquals(3, endpoints.attempts("not-a-task, says the bean"));
        assertEquals(6, logs.count("Set aside a "), "logged once each");
        assertEquals(0, logs.count("Lost the broker"), "no reconnect for a message");
        assertEquals(List.of(), endpoints.protocolErrors());
        assertEquals(endpoints.created(), endpoints.released());
    }

    @Test
    void aFailureThatPassesIsRetriedAsOftenAsItTakesAndNeverSetAside() throws Exception {
        start(Broker.URI);
        String queue = queue("transient");
        RecordingEndpoints endpoints = new RecordingEndpoints((message, attempt) -> {
            if (attempt <= 5) {
                throw new IllegalStateException("the database is away (attempt " + attempt + ")");
            }
        });
        TaskQueueActivationSpec spec = spec(queue, 1);
        QueueActivation activation = activate(endpoints, spec);
        await().atMost(PATIENCE).until(activation::connected);

        Broker.send(queue, "needs-six-attempts");

        await().atMost(PATIENCE).until(() -> endpoints.delivered().contains("needs-six-attempts"));
        adapter.endpointDeactivation(endpoints, spec);
        assertEquals(6, endpoints.attempts("needs-six-attempts"), "more than maxDeliveries: only unreadable messages are bounded");
        assertEquals(List.of(), Broker.drain(QueueActivation.deadLetterQueueOf(queue)));
        assertEquals(0, logs.count("Set aside"));
        assertEquals(0, logs.count("Lost the broker"));
    }

    @Test
    void consumesAQueueAnOperatorDeclaredWithOtherArguments() throws Exception {
        start(Broker.URI);
        String queue = queue("operator-declared");
        // redeclaring it without these arguments would fail with PRECONDITION_FAILED
        Broker.declareWith(queue, Map.of("x-max-length", 10_000, "x-queue-mode", "lazy"));
        RecordingEndpoints endpoints = RecordingEndpoints.accepting();
        TaskQueueActivationSpec spec = spec(queue, 1);
        QueueActivation activation = activate(endpoints, spec);
        await().atMost(PATIENCE).until(activation::connected);

        Broker.publish(queue, textProperties(null), "fine".getBytes(UTF_8));

        await().atMost(PATIENCE).until(() -> endpoints.delivered().contains("fine"));
        adapter.endpointDeactivation(endpoints, spec);
        assertEquals(0, logs.count("Cannot consume queue"));
        assertEquals(0, logs.count("Lost the broker"));
    }

    private static AMQP.BasicProperties textProperties(Map<String, Object> headers) {
        Map<String, Object> all = new HashMap<>(headers == null ? Map.of() : headers);
        all.put("JMSType", "TextMessage");
        return new AMQP.BasicProperties.Builder().headers(all).deliveryMode(2).build();
    }

    private static Map<String, Object> headersWithVoid() {
        Map<String, Object> headers = new HashMap<>();
        headers.put("void", null);
        headers.put("not a JMS-name!", "value");
        headers.put("JMSXDeliveryCount", "many");
        return headers;
    }

    private static String header(GetResponse message, String name) {
        Object value = message.getProps().getHeaders() == null ? null : message.getProps().getHeaders().get(name);
        return value == null ? null : value.toString();
    }

    private void start(String uri) throws Exception {
        adapter.setUri(uri);
        adapter.start(bootstrap);
    }

    private String queue(String purpose) {
        String queue = Broker.uniqueQueue(purpose);
        queues.add(queue);
        queues.add(QueueActivation.deadLetterQueueOf(queue));
        return queue;
    }

    /** What an operator's tool reads: the activation's MBean in the platform MBean server. */
    private static Object attribute(String queue, String name) throws Exception {
        return ManagementFactory.getPlatformMBeanServer().getAttribute(QueueActivation.objectNameOf(queue), name);
    }

    private TaskQueueActivationSpec spec(String queue, int maxSessions) throws Exception {
        TaskQueueActivationSpec spec = new TaskQueueActivationSpec();
        spec.setResourceAdapter(adapter);
        spec.setDestination(queue);
        spec.setMaxSessions(maxSessions);
        return spec;
    }

    private QueueActivation activate(RecordingEndpoints endpoints, TaskQueueActivationSpec spec) throws Exception {
        adapter.endpointActivation(endpoints, spec);
        return adapter.activations().get(endpoints);
    }

    private static Duration gap(List<LogRecord> records, int from, int to) {
        Instant start = records.get(from).getInstant();
        return Duration.between(start, records.get(to).getInstant());
    }

    /** Live threads the adapter created for this queue's connections. */
    private static long threadsOf(String queue) {
        String prefix = QueueActivation.threadPrefix(queue);
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith(prefix)).count();
    }
}
