package syncf.task.boundary;

import static java.lang.System.Logger.Level.WARNING;

import jakarta.annotation.Resource;
import jakarta.ejb.NoSuchObjectLocalException;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import syncf.task.control.Dispatch;

/**
 * Every ten seconds, publishes again the tasks whose message may have been lost: the master
 * crashed between commit and send, the broker was away, or an in-memory broker went down with
 * its queue. Between those rounds, one more sweep is set for the moment the first running
 * lease ends (plus {@link #LEASE_GRACE}): a dead worker's copy is handed on as soon as its
 * lease lets it, not up to ten seconds (or a quiet minute) later. One timer for all tasks,
 * moved at every sweep; a live holder renews its lease, and the timer then simply moves on to
 * the next end. The sweep only starts the work; {@link Dispatch} decides what is due.
 */
@Singleton
public class DispatchSweep {

    private static final System.Logger LOG = System.getLogger(DispatchSweep.class.getName());
    /** After a lease's end: the holder's last checkpoint may still be committing, and clocks differ by milliseconds. */
    static final Duration LEASE_GRACE = Duration.ofMillis(500);

    @Inject
    Dispatch dispatch;

    @Resource
    TimerService timers;

    private Timer atLeaseEnd;

    @Schedule(second = "*/10", minute = "*", hour = "*", persistent = false)
    void sweep() {
        sweepAndWatchLeases();
    }

    @Timeout
    void leaseEnded(Timer timer) {
        atLeaseEnd = null;
        sweepAndWatchLeases();
    }

    private void sweepAndWatchLeases() {
        try {
            dispatch.sweep();
            watch(dispatch.nextLeaseEnd());
        } catch (RuntimeException e) {
            LOG.log(WARNING, "Dispatch sweep failed; the next one tries again: {0}", e.toString());
        }
    }

    /** Moves the one lease timer to the next lease end, or cancels it when no task is held. */
    private void watch(Optional<Instant> leaseEnd) {
        if (atLeaseEnd != null) {
            try {
                atLeaseEnd.cancel();
            } catch (NoSuchObjectLocalException e) {
                // it has just fired: this sweep is its work, or the next one
            }
            atLeaseEnd = null;
        }
        leaseEnd.ifPresent(end -> atLeaseEnd = timers.createSingleActionTimer(Date.from(end.plus(LEASE_GRACE)),
                new TimerConfig(null, false)));
    }
}
