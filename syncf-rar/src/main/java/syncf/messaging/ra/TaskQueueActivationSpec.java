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
 * </pre>
 * There is deliberately no String property {@code resourceAdapter}: Payara reads that name itself
 * to pick the adapter, and it would clash with {@link #setResourceAdapter(ResourceAdapter)}.
 */
public class TaskQueueActivationSpec implements ActivationSpec {

    static final int MAX_SESSIONS_LIMIT = 64;
    static final int PREFETCH_LIMIT = 65_535;
    private static final String QUEUE_TYPE = "jakarta.jms.Queue";

    private ResourceAdapter resourceAdapter;
    private String destination;
    private String destinationType = QUEUE_TYPE;
    private Integer maxSessions = 2;
    private Integer prefetch = 1;

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

    @Override
    public void validate() throws InvalidPropertyException {
        if (destination == null || destination.isBlank()) {
            throw new InvalidPropertyException("destination (the queue name) is required");
        }
        if (!destination.equals(destination.strip())) {
            throw new InvalidPropertyException("destination must not start or end with blanks: '" + destination + "'");
        }
        if (destination.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new InvalidPropertyException("destination is longer than the 255 bytes AMQP allows: " + destination);
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
    }

    /** The validated values, copied so later setter calls cannot change a running activation. */
    QueueSettings snapshot() {
        return new QueueSettings(destination, maxSessions, prefetch);
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
                + prefetch + "]";
    }

    /** The settings of one running activation. */
    record QueueSettings(String destination, int maxSessions, int prefetch) {
    }
}
