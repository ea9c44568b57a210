package syncf.messaging.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import java.nio.charset.StandardCharsets;

/**
 * What a message-driven bean asks for in its {@code @ActivationConfigProperty} values:
 * <pre>
 * &#64;ActivationConfigProperty(propertyName = "destination", propertyValue = "syncf.tasks")
 * &#64;ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "2")
 * &#64;ActivationConfigProperty(propertyName = "prefetch", propertyValue = "1")
 * &#64;ActivationConfigProperty(propertyName = "maxDeliveries", propertyValue = "3")
 * &#64;ActivationConfigProperty(propertyName = "maxMessageBytes", propertyValue = "16777216")
 * </pre>
 * There is deliberately no String property {@code resourceAdapter}: Payara reads that name itself
 * to pick the adapter, and it would clash with {@link #setResourceAdapter(ResourceAdapter)}.
 */
public class TaskQueueActivationSpec implements ActivationSpec {

    static final int MAX_SESSIONS_LIMIT = 64;
    static final int PREFETCH_LIMIT = 65_535;
    static final int MAX_DELIVERIES_LIMIT = 100;
    /** RabbitMQ's own ceiling for a message (512 MiB). */
    static final int MAX_MESSAGE_BYTES_LIMIT = 512 * 1024 * 1024;
    private static final String QUEUE_TYPE = "jakarta.jms.Queue";

    private ResourceAdapter resourceAdapter;
    private String destination;
    private String destinationType = QUEUE_TYPE;
    private Integer maxSessions = 2;
    private Integer prefetch = 1;
    private Integer maxDeliveries = 3;
    private Integer maxMessageBytes = 16 * 1024 * 1024;

    /** The queue name. The queue is declared durable and bound to {@code jms.durable.queues}. */
    public String getDestination() {
        return destination;
    }

    public void setDestination(String destination) {
        this.destination = destination;
    }

    /** Accepted because MDBs commonly state it; only queues are supported. */
    public String getDestinationType() {
        return destinationType;
    }

    public void setDestinationType(String destinationType) {
        this.destinationType = destinationType;
    }

    /** How many messages this bean processes at once: one session and consumer each. */
    public Integer getMaxSessions() {
        return maxSessions;
    }

    public void setMaxSessions(Integer maxSessions) {
        this.maxSessions = maxSessions;
    }

    /** How many unacknowledged messages the broker sends to each consumer ahead of time. */
    public Integer getPrefetch() {
        return prefetch;
    }

    public void setPrefetch(Integer prefetch) {
        this.prefetch = prefetch;
    }

    /** Deliveries of a message the bean cannot read before it is moved to the dead-letter queue. */
    public Integer getMaxDeliveries() {
        return maxDeliveries;
    }

    public void setMaxDeliveries(Integer maxDeliveries) {
        this.maxDeliveries = maxDeliveries;
    }

    /** A larger message is moved to the dead-letter queue without being handed to the bean. */
    public Integer getMaxMessageBytes() {
        return maxMessageBytes;
    }

    public void setMaxMessageBytes(Integer maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void validate() throws InvalidPropertyException {
        if (destination == null || destination.isBlank()) {
            throw new InvalidPropertyException("destination (the queue name) is required");
        }
        if (!destination.equals(destination.strip())) {
            throw new InvalidPropertyException("destination must not start or end with blanks: '" + destination + "'");
        }
        // its dead-letter queue's name, DESTINATION.dead, must fit AMQP's 255 bytes too
        if (QueueActivation.deadLetterQueueOf(destination).getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new InvalidPropertyException("destination is longer than the 250 bytes AMQP allows for it and "
                    + QueueActivation.deadLetterQueueOf("") + " after it: " + destination);
        }
        if (destination.startsWith("amq.")) {
            throw new InvalidPropertyException("destination must not start with the reserved prefix 'amq.': " + destination);
        }
        if (destinationType != null && !QUEUE_TYPE.equals(destinationType)) {
            throw new InvalidPropertyException("destinationType must be " + QUEUE_TYPE + ", topics are not supported: "
                    + destinationType);
        }
        if (maxSessions == null || maxSessions < 1 || maxSessions > MAX_SESSIONS_LIMIT) {
            throw new InvalidPropertyException("maxSessions must be between 1 and " + MAX_SESSIONS_LIMIT + ": " + maxSessions);
        }
        if (prefetch == null || prefetch < 1 || prefetch > PREFETCH_LIMIT) {
            throw new InvalidPropertyException("prefetch must be between 1 and " + PREFETCH_LIMIT + ": " + prefetch);
        }
        if (maxDeliveries == null || maxDeliveries < 1 || maxDeliveries > MAX_DELIVERIES_LIMIT) {
            throw new InvalidPropertyException("maxDeliveries must be between 1 and " + MAX_DELIVERIES_LIMIT + ": "
                    + maxDeliveries);
        }
        if (maxMessageBytes == null || maxMessageBytes < 1 || maxMessageBytes > MAX_MESSAGE_BYTES_LIMIT) {
            throw new InvalidPropertyException("maxMessageBytes must be between 1 and " + MAX_MESSAGE_BYTES_LIMIT + ": "
                    + maxMessageBytes);
        }
    }

    /** The validated values, copied so later setter calls cannot change a running activation. */
    QueueSettings snapshot() {
        return new QueueSettings(destination, maxSessions, prefetch, maxDeliveries, maxMessageBytes);
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter resourceAdapter) throws ResourceException {
        this.resourceAdapter = resourceAdapter;
    }

    @Override
    public String toString() {
        return "TaskQueueActivationSpec[destination=" + destination + ", maxSessions=" + maxSessions + ", prefetch="
                + prefetch + ", maxDeliveries=" + maxDeliveries + ", maxMessageBytes=" + maxMessageBytes + "]";
    }

    /** The settings of one running activation. */
    record QueueSettings(String destination, int maxSessions, int prefetch, int maxDeliveries, int maxMessageBytes) {
    }
}
