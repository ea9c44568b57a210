package syncf.messaging.ra;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.NoOpMetricsCollector;
import com.rabbitmq.jms.admin.RMQConnectionFactory;
import com.rabbitmq.jms.admin.RMQDestination;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import syncf.messaging.ra.TaskQueueActivationSpec.QueueSettings;

/**
 * One message-driven bean fed from one queue: a connection with {@code maxSessions}
 * CLIENT_ACKNOWLEDGE sessions, each with a consumer that hands messages to the endpoint.
 *
 * <p>{@link #run()} is the supervisor, a long-running {@link Work}: it connects, waits for the
 * connection or a session to break, closes everything and connects again, with capped exponential
 * backoff, until {@link #stop()}. The broker may come up after the bean (an embedded broker starts
 * from a singleton), and it may restart under a running bean.
 *
 * <p>Our own reconnect replaces the AMQP client's automatic recovery, which is switched off: the JMS
 * client keeps per-session state (unacknowledged delivery tags) that a recovered channel would not
 * match, so a fresh connection with fresh sessions is the reliable way back.
 */
final class QueueActivation implements Work {

    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration MAX_RETRY = Duration.ofSeconds(10);
    /**
     * The JMS client interrupts a listener after {@code onMessageTimeoutMs} (2 s by default) and breaks
     * its session; file copies take longer. RabbitMQ closes a channel whose delivery stays
     * unacknowledged past its consumer timeout (30 min by default) anyway, so an hour is never the limit
     * that bites.
     */
    static final int DELIVERY_TIMEOUT_MS = (int) Duration.ofHours(1).toMillis();
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(QueueActivation.class.getName());
    private static final Method ON_MESSAGE;

    static {
        try {
            ON_MESSAGE = MessageListener.class.getMethod("onMessage", Message.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String uri;
    private final QueueSettings settings;
    private final MessageEndpointFactory endpoints;
    private final RMQDestination queue;
    private final BlockingQueue<Trouble> troubles = new LinkedBlockingQueue<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicInteger threadCount = new AtomicInteger();
    private final Object lock = new Object();
    private Consumers current; // guarded by lock
    private boolean stopped; // guarded by lock
    private volatile boolean connected;

    QueueActivation(String uri, QueueSettings settings, MessageEndpointFactory endpoints) {
        this.uri = uri;
        this.settings = settings;
        this.endpoints = endpoints;
        // durable JMS queue: the client declares it and binds it to the exchange jms.durable.queues
        this.queue = new RMQDestination(settings.destination(), true, false);
    }

    /** The supervisor loop; runs on a WorkManager thread until {@link #stop()}. */
    @Override
    public void run() {
        try {
            supervise();
        } finally {
            connected = false;
            finished.countDown();
        }
    }

    private void supervise() {
        Duration delay = FIRST_RETRY;
        int failures = 0;
        boolean connectedBefore = false;
        for (int generation = 1; !isStopped(); generation++) {
            Consumers consumers = null;
            try {
                consumers = connect(generation);
                if (!publish(consumers)) {
                    return;
                }
                LOG.log(INFO, "{0} queue {1} from {2} with {3} session(s){4}",
                        connectedBefore ? "Reconnected, consuming" : "Consuming", settings.destination(),
                        SyncfResourceAdapter.redacted(uri), settings.maxSessions(),
                        failures == 0 ? "" : " after " + failures + " failed attempt(s)");
                connectedBefore = true;
                failures = 0;
                delay = FIRST_RETRY;
                Trouble trouble = awaitTrouble(generation);
                if (trouble == null) {
                    return;
                }
                LOG.log(WARNING, "Lost the broker for queue {0}: {1}; reconnecting", settings.destination(), trouble.reason());
            } catch (JMSException | RuntimeException e) {
                failures++;
                LOG.log(WARNING, "Cannot consume queue {0} from {1} (attempt {2}): {3}; retrying in {4} ms",
                        settings.destination(), SyncfResourceAdapter.redacted(uri), failures, describe(e), delay.toMillis());
            } catch (InterruptedException e) {
                LOG.log(INFO, "Supervisor of queue {0} interrupted, stopping it", settings.destination());
                requestStop();
                return;
            } finally {
                retire(consumers);
            }
            if (pause(delay)) {
                return;
            }
            delay = nextDelay(delay);
        }
    }

    /** Capped exponential backoff: 0.5 s, 1 s, 2 s, 4 s, 8 s, 10 s, 10 s, ... */
    static Duration nextDelay(Duration delay) {
        Duration doubled = delay.multipliedBy(2);
        return doubled.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : doubled;
    }

    private Consumers connect(int generation) throws JMSException {
        ExecutorService dispatch = Executors.newFixedThreadPool(settings.maxSessions(), this::newThread);
        Consumers consumers = new Consumers(generation, dispatch);
        ClassLoader caller = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(QueueActivation.class.getClassLoader());
        try {
            RMQConnectionFactory factory = new RMQConnectionFactory();
            factory.setUri(uri);
            factory.setChannelsQos(settings.prefetch());
            factory.setOnMessageTimeoutMs(DELIVERY_TIMEOUT_MS);
            factory.setMetricsCollector(new ChannelWatch(consumers));
            factory.setAmqpConnectionFactoryPostProcessor(amqp -> {
                amqp.setAutomaticRecoveryEnabled(false);
                amqp.setTopologyRecoveryEnabled(false);
                amqp.setConnectionTimeout(CONNECT_TIMEOUT_MS);
                amqp.setHandshakeTimeout(CONNECT_TIMEOUT_MS);
                // one dispatch thread per session, so maxSessions deliveries can really run at once
                amqp.setSharedExecutor(dispatch);
                amqp.setThreadFactory(this::newThread);
                Map<String, Object> properties = new HashMap<>(amqp.getClientProperties());
                properties.put("connection_name", connectionName(settings.destination()));
                amqp.setClientProperties(properties);
            });
            Connection connection = factory.createConnection();
            consumers.connection = connection;
            connection.setExceptionListener(e -> raise(generation, describe(e)));
            for (int i = 0; i < settings.maxSessions(); i++) {
                Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(queue);
                consumers.listening.add(consumer);
                consumer.setMessageListener(message -> deliver(session, message));
            }
            return consumers;
        } catch (JMSException | RuntimeException e) {
            consumers.close();
            throw e;
        } finally {
            Thread.currentThread().setContextClassLoader(caller);
        }
    }

    /** Makes the consumers current and starts delivery, unless stop() came first. */
    private boolean publish(Consumers consumers) throws JMSException {
        synchronized (lock) {
            if (stopped) {
                return false;
            }
            current = consumers;
            consumers.connection.start();
            connected = true;
            return true;
        }
    }

    private void retire(Consumers consumers) {
        if (consumers == null) {
            return;
        }
        synchronized (lock) {
            if (current == consumers) {
                current = null;
                connected = false;
            }
        }
        consumers.close();
    }

    private void deliver(Session session, Message message) {
        MessageEndpoint endpoint = null;
        try {
            endpoint = endpoints.createEndpoint(null);
            endpoint.beforeDelivery(ON_MESSAGE);
            try {
                ((MessageListener) endpoint).onMessage(message);
            } finally {
                endpoint.afterDelivery();
            }
            message.acknowledge();
        } catch (UnavailableException e) {
            // the application is going away or not ready: back off instead of spinning on redeliveries
            recover(session);
            raise(current(), "endpoint unavailable: " + describe(e));
        } catch (Exception e) {
            LOG.log(WARNING, "Delivery from queue {0} failed, the broker will redeliver: {1}", settings.destination(),
                    describe(e));
            LOG.log(DEBUG, "Delivery failure", e);
            recover(session);
        } finally {
            if (endpoint != null) {
                endpoint.release();
            }
        }
    }

    private void recover(Session session) {
        try {
            session.recover();
        } catch (JMSException | RuntimeException e) {
            // the broker requeues unacknowledged messages when the channel closes, which is what broke recover()
            LOG.log(WARNING, "Cannot recover a session of queue {0}: {1}", settings.destination(), describe(e));
        }
    }

    private int current() {
        synchronized (lock) {
            return current == null ? -1 : current.generation;
        }
    }

    private void raise(int generation, String reason) {
        troubles.add(new Trouble(generation, reason));
    }

    /** Waits until the consumers of this generation break; null when stopping. */
    private Trouble awaitTrouble(int generation) throws InterruptedException {
        while (true) {
            Trouble trouble = troubles.take();
            if (trouble == Trouble.STOP) {
                return null;
            }
            if (trouble.generation() == generation) {
                return trouble;
            }
        }
    }

    /** Waits before the next attempt; true when stopping. */
    private boolean pause(Duration delay) {
        try {
            return stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            requestStop();
            return true;
        }
    }

    /** Asks the supervisor to end as soon as it can; the WorkManager calls this on shutdown. */
    @Override
    public void release() {
        requestStop();
    }

    private Consumers requestStop() {
        Consumers consumers;
        synchronized (lock) {
            stopped = true;
            consumers = current;
            current = null;
            connected = false;
        }
        stopping.countDown();
        troubles.add(Trouble.STOP);
        return consumers;
    }

    /**
     * Closes consumers, sessions and connection (waiting for deliveries in progress) and ends the
     * supervisor, which wakes up at once from any backoff.
     */
    void stop() {
        Consumers consumers = requestStop();
        if (consumers != null) {
            consumers.close();
        }
        try {
            if (!finished.await(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(WARNING, "Supervisor of queue {0} did not end within {1} s", settings.destination(),
                        STOP_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.log(INFO, "Stopped consuming queue {0}", settings.destination());
    }

    private boolean isStopped() {
        synchronized (lock) {
            return stopped;
        }
    }

    /** Whether consumers are attached to the broker right now; for tests and diagnostics. */
    boolean connected() {
        return connected;
    }

    /** Whether the supervisor has ended. */
    boolean finished() {
        return finished.getCount() == 0;
    }

    private Thread newThread(Runnable task) {
        Thread thread = new Thread(task, threadPrefix(settings.destination()) + threadCount.incrementAndGet());
        thread.setDaemon(true);
        thread.setContextClassLoader(QueueActivation.class.getClassLoader());
        return thread;
    }

    static String threadPrefix(String destination) {
        return "syncf-rar " + destination + " #";
    }

    /** The client-provided name RabbitMQ shows for the connection of a queue. */
    static String connectionName(String destination) {
        return "syncf-rar " + destination;
    }

    /** The exception's message and its root cause, on one line: enough to act on, no stack trace. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
        return root == failure ? message : message + " (" + root + ")";
    }

    /** Why the consumers of one generation broke; {@link #STOP} ends the supervisor. */
    private record Trouble(int generation, String reason) {
        static final Trouble STOP = new Trouble(-1, "stopping");
    }

    /** The connection of one generation and the threads that dispatch its deliveries. */
    private final class Consumers {
        final int generation;
        final ExecutorService dispatch;
        final List<MessageConsumer> listening = new CopyOnWriteArrayList<>();
        final AtomicBoolean closing = new AtomicBoolean();
        volatile Connection connection;

        Consumers(int generation, ExecutorService dispatch) {
            this.generation = generation;
            this.dispatch = dispatch;
        }

        boolean closing() {
            return closing.get();
        }

        /**
         * Closes once. Waits for deliveries in progress as JMS Connection.close() does; the JMS client
         * gives up on them after its termination timeout (15 s) and interrupts them.
         */
        void close() {
            if (!closing.compareAndSet(false, true)) {
                return;
            }
            boolean interruptedBefore = Thread.interrupted();
            try {
                // Detach the listeners first. On a broken connection the JMS client's consumer close throws
                // out of Session.close() before the session's listener thread is shut down, leaking that
                // thread; detaching takes that exception here, and Connection.close() then finishes the job.
                for (MessageConsumer consumer : listening) {
                    try {
                        consumer.setMessageListener(null);
                    } catch (JMSException | RuntimeException e) {
                        LOG.log(DEBUG, "Detaching a listener of queue {0} failed: {1}", settings.destination(), describe(e));
                    }
                }
                Connection toClose = connection;
                if (toClose != null) {
                    try {
                        toClose.close();
                    } catch (JMSException | RuntimeException e) {
                        LOG.log(DEBUG, "Closing the connection of queue {0} failed: {1}", settings.destination(), describe(e));
                    }
                }
                dispatch.shutdown();
                if (!dispatch.awaitTermination(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                    dispatch.shutdownNow();
                }
            } catch (InterruptedException e) {
                dispatch.shutdownNow();
            } finally {
                // the JMS client interrupts the closing thread when a listener outlives its termination timeout
                Thread.interrupted();
                if (interruptedBefore) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Notices a session whose channel the broker closed (for example after its consumer timeout) while
     * the connection lives on: the JMS client tells nobody, and the session would consume nothing more.
     */
    private final class ChannelWatch extends NoOpMetricsCollector {
        private final Consumers consumers;

        ChannelWatch(Consumers consumers) {
            this.consumers = consumers;
        }

        @Override
        public void newChannel(Channel channel) {
            channel.addShutdownListener(cause -> {
                if (!consumers.closing()) {
                    raise(consumers.generation, "channel closed: " + describe(cause));
                }
            });
        }
    }
}
