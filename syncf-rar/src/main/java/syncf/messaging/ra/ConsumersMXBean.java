package syncf.messaging.ra;

/**
 * What the adapter consumes, in the JVM's platform MBean server as {@value #NAME}: the worker's
 * readiness check reads it there, by name, because the worker application and this standalone
 * adapter share no classes it could call (docs/adr/0012). Operators see it in any JMX console.
 */
public interface ConsumersMXBean {

    String NAME = "syncf:type=Consumers";

    /** Message-driven beans the adapter feeds. */
    int getActivations();

    /** Of those, how many hold a live broker connection with their consumers: 0 while the broker is away. */
    int getConsuming();
}
