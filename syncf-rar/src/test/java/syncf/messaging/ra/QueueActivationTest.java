package syncf.messaging.ra;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against the real RabbitMQ on 127.0.0.1:5672 (guest/guest); every test uses queues of its own. */
class QueueActivationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final Pattern DISPATCH_THREAD = Pattern.compile("pool-\\d+-thread-\\d+");

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
        assertEquals(1, published("Activations"), "what a worker's readiness check reads");
        assertEquals(0, published("Consuming"));

        TcpProxy broker = new TcpProxy(port, 5672);
        try {
            await().atMost(PATIENCE).until(activation::connected);
            assertEquals(1, published("Consuming"));
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
        long dispatchThreadsBefore = dispatchThreads();
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
        assertTrue(dispatchThreads() > dispatchThreadsBefore, "the leak check below sees listener threads");

        adapter.endpointDeactivation(endpoints, spec);
        assertEquals(List.of("after", "before-1", "before-2", "before-3", "before-4"),
                endpoints.delivered().stream().sorted().toList());
        assertEquals(0, Broker.readyMessages(queue));
        await().atMost(PATIENCE).until(() -> Broker.connections(connection).isEmpty());
        await().atMost(PATIENCE).until(() -> threadsOf(queue) == 0);
        // a short wait: the JDK would also end a leaked executor's thread, but only after a garbage collection
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertTrue(dispatchThreads() <= dispatchThreadsBefore,
                () -> "listener threads left behind: " + dispatchThreadDump()));
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

    /** An attribute of the adapter's status, read by name from the platform MBean server as the worker reads it. */
    private static int published(String attribute) throws Exception {
        return (Integer) java.lang.management.ManagementFactory.getPlatformMBeanServer()
                .getAttribute(new javax.management.ObjectName(ConsumersMXBean.NAME), attribute);
    }

    private void start(String uri) throws Exception {
        adapter.setUri(uri);
        adapter.start(bootstrap);
    }

    private String queue(String purpose) {
        String queue = Broker.uniqueQueue(purpose);
        queues.add(queue);
        return queue;
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

    private static String dispatchThreadDump() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (DISPATCH_THREAD.matcher(thread.getName()).matches()) {
                dump.append('\n').append(thread.getName()).append(' ').append(thread.getState());
                for (int i = 0; i < Math.min(8, stack.length); i++) {
                    dump.append("\n    at ").append(stack[i]);
                }
            }
        });
        return dump.toString();
    }

    /** Threads of default executors, which the JMS client uses to run each session's listener. */
    private static long dispatchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && DISPATCH_THREAD.matcher(thread.getName()).matches()).count();
    }
}
