package syncf.worker.boundary;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import syncf.task.control.TaskQueue;

/**
 * What SyncF's resource adapter shows of the task queue's activation, read from the MBean it
 * registers ({@code syncf:type=QueueActivation,queue="syncf.tasks"}), by name: the standalone
 * adapter and this application share no class (docs/adr/0012, 0014). The worker's health check
 * and its metrics read it here.
 *
 * @param consuming whether consumers are attached to the broker right now
 * @param reconnects how often a working connection was lost and made again
 * @param setAside messages moved to the dead-letter queue {@code syncf.tasks.dead}, unreadable
 */
public record TaskQueueActivation(boolean consuming, long reconnects, long setAside) {

    /** The adapter's figures; empty while it has no activation for the queue (not started, or stopped in between). */
    public static Optional<TaskQueueActivation> read() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName queue = new ObjectName("syncf:type=QueueActivation,queue=" + ObjectName.quote(TaskQueue.NAME));
            if (!server.isRegistered(queue)) {
                return Optional.empty();
            }
            return Optional.of(new TaskQueueActivation((Boolean) server.getAttribute(queue, "Connected"),
                    (Long) server.getAttribute(queue, "Reconnects"), (Long) server.getAttribute(queue, "MessagesSetAside")));
        } catch (JMException e) {
            return Optional.empty(); // unregistered between the two calls: the adapter stopped
        }
    }
}
