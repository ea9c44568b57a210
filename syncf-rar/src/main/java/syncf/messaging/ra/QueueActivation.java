package syncf.messaging.ra;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageListener;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import syncf.messaging.ra.InboundMessage.Readable;
import syncf.messaging.ra.InboundMessage.Unreadable;
import syncf.messaging.ra.TaskQueueActivationSpec.QueueSettings;

/**
 * One message-driven bean fed from one queue: a connection with {@code maxSessions} channels, each
 * with a consumer (prefetch {@code prefetch}, manual acknowledgement) that hands messages to the
 * endpoint, one delivery per channel at a time.
 *
 * <p>{@link #run()} is the supervisor, a long-running {@link Work}: it connects, waits for the
 * connection or a channel to break, closes everything and connects again, with capped exponential
 * backoff, until {@link #stop()}. The broker may come up after the bean (an embedded broker starts
 * from a singleton), and it may restart under a running bean.
 *
 * <p>Our own reconnect replaces the AMQP client's automatic recovery, which is switched off: a fresh
 * connection with fresh channels is the simple way back, and nothing the broker held is lost (what
 * was unacknowledged is delivered again).
 *
 * <p>A message is never a reason to reconnect: the consumer never throws (the AMQP client would close
 * the channel, and every unacknowledged delivery of it would go back). A message no bean can read
 * (the adapter cannot decode it, or the bean says so with a {@link MessageFormatRuntimeException}) is
 * given back to the queue up to {@code maxDeliveries} times, then moved to the dead-letter queue
 * {@code DESTINATION.dead} with the reason in its headers, logged once and counted (docs/adr/0014).
 * Any other failure of the bean is taken as passing (the database away, say): the message is given
 * back, as often as it takes.
 */
final class QueueActivation implements Work, QueueActivationMXBean {

    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration MAX_RETRY = Duration.ofSeconds(10);
    /** Headers a message set aside carries: why, from which queue, after how many deliveries, when. */
    static final String REASON_HEADER = "syncf-reason";
    static final String QUEUE_HEADER = "syncf-queue";
    static final String DELIVERIES_HEADER = "syncf-deliveries";
    static final String SET_ASIDE_AT_HEADER = "syncf-set-aside-at";
    private static final int MAX_REASON_CHARS = 1_000;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int CONFIRM_TIMEOUT_MS = 10_000;
    /** As long as the JMS client waited for a listener when closing a session. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(15);
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
    private final String deadLetterQueue;
    private final BlockingQueue<Trouble> troubles = new LinkedBlockingQueue<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicInteger threadCount = new AtomicInteger();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong setAside = new AtomicLong();
    private final DeliveryCounts unreadable = new DeliveryCounts();
    private final Object lock = new Object();
    private Consumers current; // guarded by lock
    private boolean stopped; // guarded by lock
    private volatile boolean connected;

    QueueActivation(String uri, QueueSettings settings, MessageEndpointFactory endpoints) {
        this.uri = uri;
        this.settings = settings;
        this.endpoints = endpoints;
        this.deadLetterQueue = deadLetterQueueOf(settings.destination());
    }

    /** The supervisor loop; runs on a WorkManager thread until {@link #stop()}. */
    @Override
    public void run() {
        ObjectName name = register();
        try {
            supervise();
        } finally {
            connected = false;
            unregister(name);
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
                reconnects.incrementAndGet();
                LOG.log(WARNING, "Lost the broker for queue {0}: {1}; reconnecting", settings.destination(), trouble.reason());
            } catch (IOException | TimeoutException | RuntimeException e) {
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

    private Consumers connect(int generation) throws IOException, TimeoutException, InterruptedException {
        // one dispatch thread per channel, so maxSessions deliveries can really run at once
        ExecutorService dispatch = Executors.newFixedThreadPool(settings.maxSessions(), this::newThread);
        Consumers consumers = new Consumers(generation, dispatch);
        try {
            ConnectionFactory factory = new ConnectionFactory();
            try {
                factory.setUri(uri);
            } catch (java.net.URISyntaxException | java.security.GeneralSecurityException e) {
                throw new IllegalArgumentException("unusable broker URI " + SyncfResourceAdapter.redacted(uri), e);
            }
            factory.setAutomaticRecoveryEnabled(false);
            factory.setTopologyRecoveryEnabled(false);
            factory.setConnectionTimeout(CONNECT_TIMEOUT_MS);
            factory.setHandshakeTimeout(CONNECT_TIMEOUT_MS);
            factory.setSharedExecutor(dispatch);
            factory.setThreadFactory(this::newThread);
            Connection connection = factory.newConnection(connectionName(settings.destination()));
            consumers.connection = connection;
            connection.addShutdownListener(cause -> {
                if (!consumers.closing()) {
                    raise(generation, describe(cause));
                }
            });
            Queues.declare(connection, settings.destination());
            Queues.declare(connection, deadLetterQueue);
            for (int i = 0; i < settings.maxSessions(); i++) {
                Channel channel = connection.createChannel();
                // a session whose channel the broker closed (after its consumer timeout, say) would consume nothing more
                channel.addShutdownListener(cause -> {
                    if (!consumers.closing()) {
                        raise(generation, "channel closed: " + describe(cause));
                    }
                });
                channel.basicQos(settings.prefetch());
                channel.confirmSelect(); // a message set aside is acknowledged only once the dead-letter queue has it
                consumers.channels.add(channel);
            }
            return consumers;
        } catch (IOException | TimeoutException | RuntimeException e) {
            consumers.close();
            throw e;
        }
    }

    /** Makes the consumers current and starts delivery, unless stop() came first. */
    private boolean publish(Consumers consumers) throws IOException {
        synchronized (lock) {
            if (stopped) {
                return false;
            }
            current = consumers;
            for (Channel channel : consumers.channels) {
                consumers.tags.add(channel.basicConsume(settings.destination(), false, new Delivering(channel, consumers)));
            }
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

    /** One delivery, start to end; never throws, whatever arrives. */
    private void handle(Channel channel, Consumers consumers, Envelope envelope, AMQP.BasicProperties properties,
            byte[] body) {
        long tag = envelope.getDeliveryTag();
        InboundMessage.Decoded decoded = InboundMessage.decode(envelope, properties, body, settings.maxMessageBytes());
        if (decoded instanceof Unreadable unreadableMessage) {
            // nothing would read it differently next time
            setAside(channel, envelope, properties, body, unreadableMessage.reason(), 1);
            return;
        }
        Outcome outcome = deliver(((Readable) decoded).message());
        if (outcome instanceof Outcome.Done) {
            ack(channel, tag);
        } else if (outcome instanceof Outcome.Unreadable verdict) {
            String key = DeliveryCounts.keyOf(properties.getMessageId(), body);
            Map<String, Object> headers = properties.getHeaders();
            int deliveries = unreadable.count(key, headers == null ? null : headers.get("x-delivery-count"));
            if (deliveries >= settings.maxDeliveries()) {
                if (setAside(channel, envelope, properties, body, verdict.reason(), deliveries)) {
                    unreadable.forget(key);
                }
            } else {
                LOG.log(DEBUG, "A message of queue {0} is unreadable (delivery {1} of {2}): {3}", settings.destination(),
                        deliveries, settings.maxDeliveries(), verdict.reason());
                giveBack(channel, tag);
            }
        } else if (outcome instanceof Outcome.Unavailable unavailable) {
            // the application is going away or not ready: back off instead of spinning on redeliveries
            giveBack(channel, tag);
            raise(consumers.generation, "endpoint unavailable: " + unavailable.reason());
        } else {
            LOG.log(WARNING, "Delivery from queue {0} failed, the broker will redeliver: {1}", settings.destination(),
                    ((Outcome.Failed) outcome).reason());
            giveBack(channel, tag);
        }
    }

    /** What the bean made of one delivery. */
    private sealed interface Outcome {
        record Done() implements Outcome {
        }

        record Unreadable(String reason) implements Outcome {
        }

        record Unavailable(String reason) implements Outcome {
        }

        record Failed(String reason) implements Outcome {
        }
    }

    private Outcome deliver(Message message) {
        MessageEndpoint endpoint = null;
        try {
            endpoint = endpoints.createEndpoint(null);
            endpoint.beforeDelivery(ON_MESSAGE);
            try {
                ((MessageListener) endpoint).onMessage(message);
            } finally {
                endpoint.afterDelivery();
            }
            return new Outcome.Done();
        } catch (UnavailableException e) {
            return new Outcome.Unavailable(describe(e));
        } catch (Exception e) {
            String unreadableBecause = unreadableBecause(e);
            if (unreadableBecause != null) {
                return new Outcome.Unreadable(unreadableBecause);
            }
            LOG.log(DEBUG, "Delivery failure", e);
            return new Outcome.Failed(describe(e));
        } finally {
            if (endpoint != null) {
                endpoint.release();
            }
        }
    }

    /**
     * The bean's reason when it says it cannot read the message, in the JMS API's own terms (so that
     * adapter and application share no class): a {@link MessageFormatRuntimeException} or
     * {@link MessageFormatException}, thrown as is or wrapped by the container.
     */
    static String unreadableBecause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof MessageFormatRuntimeException || cause instanceof MessageFormatException) {
                return cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
            }
        }
        return null;
    }

    /**
     * Moves a message to the dead-letter queue: publishes a copy (the reason in its headers), waits
     * for the broker's confirm, then acknowledges the original. A crash between the two leaves the
     * message in both queues, and it is set aside again: a duplicate in the dead-letter queue, never
     * a loss.
     *
     * @return whether the message was moved; if not, it stays in the queue
     */
    private boolean setAside(Channel channel, Envelope envelope, AMQP.BasicProperties properties, byte[] body,
            String reason, int deliveries) {
        String shortReason = reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "..." : reason;
        Map<String, Object> headers = new HashMap<>(properties.getHeaders() == null ? Map.of() : properties.getHeaders());
        headers.put(REASON_HEADER, shortReason);
        headers.put(QUEUE_HEADER, settings.destination());
        headers.put(DELIVERIES_HEADER, deliveries);
        headers.put(SET_ASIDE_AT_HEADER, Instant.now().toString());
        // kept until an operator looks: no time to live, persistent
        AMQP.BasicProperties copy = properties.builder().headers(headers).expiration(null).deliveryMode(2).build();
        try {
            channel.basicPublish("", deadLetterQueue, copy, body);
            if (!channel.waitForConfirms(CONFIRM_TIMEOUT_MS)) {
                throw new IOException("the broker refused the copy");
            }
            channel.basicAck(envelope.getDeliveryTag(), false);
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.log(WARNING, "Cannot set aside a message of queue {0} into {1}: {2}; it stays in the queue",
                    settings.destination(), deadLetterQueue, describe(e));
            giveBack(channel, envelope.getDeliveryTag());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            giveBack(channel, envelope.getDeliveryTag());
            return false;
        }
        long count = setAside.incrementAndGet();
        LOG.log(WARNING, "Set aside a {0} of {1} bytes from queue {2} into {3} after {4} deliver{5} ({6} so far): {7}",
                InboundMessage.typeOf(properties), body.length, settings.destination(), deadLetterQueue, deliveries,
                deliveries == 1 ? "y" : "ies", count, shortReason);
        return true;
    }

    private void ack(Channel channel, long tag) {
        try {
            channel.basicAck(tag, false);
        } catch (IOException | RuntimeException e) {
            // the channel is gone; the broker delivers the message again, and the channel's listener reconnects
            LOG.log(DEBUG, "Cannot acknowledge a delivery of queue {0}: {1}", settings.destination(), describe(e));
        }
    }

    /** Puts the message back in its place in the queue, for this or another consumer. */
    private void giveBack(Channel channel, long tag) {
        try {
            channel.basicReject(tag, true);
        } catch (IOException | RuntimeException e) {
            // a channel that closes gives back whatever it had not acknowledged
            LOG.log(DEBUG, "Cannot give back a delivery of queue {0}: {1}", settings.destination(), describe(e));
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

    private ObjectName register() {
        ObjectName name = objectNameOf(settings.destination());
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            try {
                server.registerMBean(this, name);
            } catch (InstanceAlreadyExistsException e) {
                // an activation of an earlier deployment that did not end cleanly: the newest one speaks
                server.unregisterMBean(name);
                server.registerMBean(this, name);
            }
            return name;
        } catch (JMException | RuntimeException e) {
            LOG.log(WARNING, "Cannot show queue {0} in the MBean server: {1}", settings.destination(), describe(e));
            return null;
        }
    }

    private void unregister(ObjectName name) {
        if (name == null) {
            return;
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException | RuntimeException e) {
            LOG.log(DEBUG, "Cannot unregister {0}: {1}", name, describe(e));
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

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public long getReconnects() {
        return reconnects.get();
    }

    @Override
    public long getMessagesSetAside() {
        return setAside.get();
    }

    @Override
    public String getDeadLetterQueue() {
        return deadLetterQueue;
    }

    /** The queue a queue's unreadable messages are moved to. */
    static String deadLetterQueueOf(String destination) {
        return destination + ".dead";
    }

    /** Where an activation shows itself in the platform MBean server. */
    static ObjectName objectNameOf(String destination) {
        try {
            return new ObjectName("syncf:type=QueueActivation,queue=" + ObjectName.quote(destination));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("no MBean name for queue " + destination, e);
        }
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

    /** Hands each delivery of one channel to {@link #handle}; the AMQP client calls it on the channel's dispatch thread. */
    private final class Delivering extends DefaultConsumer {
        private final Consumers consumers;

        Delivering(Channel channel, Consumers consumers) {
            super(channel);
            this.consumers = consumers;
        }

        @Override
        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            if (!consumers.deliveryStarts()) {
                return; // closing: the message goes back when the channel closes
            }
            try {
                handle(getChannel(), consumers, envelope, properties, body);
            } catch (RuntimeException | Error e) {
                // a bug of ours: thrown on, it would close the channel, and the message would come back again and again
                LOG.log(WARNING, "Delivery from queue {0} failed unexpectedly, the broker will redeliver: {1}",
                        settings.destination(), describe(e));
                LOG.log(DEBUG, "Unexpected delivery failure", e);
                giveBack(getChannel(), envelope.getDeliveryTag());
            } finally {
                consumers.deliveryEnds();
            }
        }
    }

    /** The connection of one generation, its channels, and the threads that dispatch its deliveries. */
    private final class Consumers {
        final int generation;
        final ExecutorService dispatch;
        final List<Channel> channels = new CopyOnWriteArrayList<>();
        final List<String> tags = new CopyOnWriteArrayList<>();
        final AtomicBoolean closing = new AtomicBoolean();
        private final Object deliveries = new Object();
        private int inFlight; // guarded by deliveries
        volatile Connection connection;

        Consumers(int generation, ExecutorService dispatch) {
            this.generation = generation;
            this.dispatch = dispatch;
        }

        boolean closing() {
            return closing.get();
        }

        /** False once closing: no delivery starts then. */
        boolean deliveryStarts() {
            synchronized (deliveries) {
                if (closing.get()) {
                    return false;
                }
                inFlight++;
                return true;
            }
        }

        void deliveryEnds() {
            synchronized (deliveries) {
                inFlight--;
                deliveries.notifyAll();
            }
        }

        /**
         * Closes once: cancels the consumers, waits up to {@link #DRAIN_TIMEOUT} for deliveries in
         * progress (as JMS Connection.close() did), then closes the connection and its threads.
         */
        void close() {
            synchronized (deliveries) {
                if (!closing.compareAndSet(false, true)) {
                    return;
                }
            }
            boolean interruptedBefore = Thread.interrupted();
            try {
                for (int i = 0; i < tags.size(); i++) {
                    try {
                        channels.get(i).basicCancel(tags.get(i));
                    } catch (IOException | RuntimeException e) {
                        LOG.log(DEBUG, "Cancelling a consumer of queue {0} failed: {1}", settings.destination(), describe(e));
                    }
                }
                long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
                synchronized (deliveries) {
                    while (inFlight > 0 && System.nanoTime() < deadline) {
                        deliveries.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                    }
                }
                Connection toClose = connection;
                if (toClose != null) {
                    try {
                        toClose.close(CONNECT_TIMEOUT_MS);
                    } catch (IOException | RuntimeException e) {
                        LOG.log(DEBUG, "Closing the connection of queue {0} failed: {1}", settings.destination(), describe(e));
                        toClose.abort(CONNECT_TIMEOUT_MS);
                    }
                }
                dispatch.shutdown();
                if (!dispatch.awaitTermination(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                    dispatch.shutdownNow();
                }
            } catch (InterruptedException e) {
                dispatch.shutdownNow();
            } finally {
                Thread.interrupted();
                if (interruptedBefore) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
