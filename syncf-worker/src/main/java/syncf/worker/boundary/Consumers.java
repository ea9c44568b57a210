package syncf.worker.boundary;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Whether the resource adapter feeds this worker's message-driven bean from a live broker
 * connection. Read by name from the platform MBean server, where the adapter ({@code syncf-rar},
 * a standalone deployment whose classes this application does not see) publishes
 * {@code syncf:type=Consumers}: docs/adr/0012.
 */
final class Consumers {

    private static final String NAME = "syncf:type=Consumers";

    private Consumers() {
    }

    static boolean consuming() {
        try {
            Object consuming = ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(NAME), "Consuming");
            return consuming instanceof Integer count && count > 0;
        } catch (JMException e) {
            return false; // no adapter yet, or gone: nothing feeds the worker
        }
    }
}
