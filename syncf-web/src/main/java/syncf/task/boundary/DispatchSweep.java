package syncf.task.boundary;

import static java.lang.System.Logger.Level.WARNING;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import syncf.task.control.Dispatch;

/**
 * Every ten seconds, publishes again the tasks whose message may have been lost: the master
 * crashed between commit and send, the broker was away, or an in-memory broker went down with
 * its queue. The sweep only starts the work; {@link Dispatch} decides what is due.
 */
@Singleton
public class DispatchSweep {

    private static final System.Logger LOG = System.getLogger(DispatchSweep.class.getName());

    @Inject
    Dispatch dispatch;

    @Schedule(second = "*/10", minute = "*", hour = "*", persistent = false)
    void sweep() {
        try {
            dispatch.sweep();
        } catch (RuntimeException e) {
            LOG.log(WARNING, "Dispatch sweep failed; the next one tries again: {0}", e.toString());
        }
    }
}
