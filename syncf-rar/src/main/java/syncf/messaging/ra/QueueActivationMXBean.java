package syncf.messaging.ra;

/**
 * What one activation shows an operator, in the platform MBean server under
 * {@code syncf:type=QueueActivation,queue=NAME}: an application (the worker's health
 * check) reads it there, as jconsole or a metrics exporter can, without sharing a class with the
 * adapter.
 */
public interface QueueActivationMXBean {

    /** Whether consumers are attached to the broker right now. */
    boolean isConnected();

    /** How often a working connection was lost and made again; a broker restart counts one. */
    long getReconnects();

    /** Messages moved to the dead-letter queue because no bean could read them. */
    long getMessagesSetAside();

    /** The queue unreadable messages are moved to. */
    String getDeadLetterQueue();
}
