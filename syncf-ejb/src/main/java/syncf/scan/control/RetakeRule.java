package syncf.scan.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a later scan takes again a file whose task failed (its retries ran out on an I/O error:
 * a full disk, a file it may not read), as a second run of rsync or rclone would: one interval
 * after the failure, then two, four, ... after each further failure of the same version, at
 * most {@code maxDelay} (or one interval, when the interval is longer), so that a file that
 * always fails costs a task now and then instead of one every scan. The count starts again
 * when the source changes (a new version is a new file to the rule); a completed task is
 * never taken again. Pure: the scan passes the time in.
 *
 * @param maxDelay the longest wait between two tasks for a version that keeps failing
 */
public record RetakeRule(Duration maxDelay) {

    /** Doublings beyond this overflow nothing and are capped anyway. */
    private static final int MAX_DOUBLINGS = 30;

    public RetakeRule {
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxDelay must not be negative: " + maxDelay);
        }
    }

    /**
     * @param failedAt when the version's current task failed
     * @param earlierFailures how many tasks for the same version failed before it (0 for the first)
     * @param interval the job's scan interval
     * @return the earliest time a scan takes the file again
     */
    public Instant dueAt(Instant failedAt, int earlierFailures, Duration interval) {
        Objects.requireNonNull(failedAt, "failedAt");
        if (earlierFailures < 0) {
            throw new IllegalArgumentException("earlierFailures must not be negative: " + earlierFailures);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        Duration cap = maxDelay.compareTo(interval) > 0 ? maxDelay : interval;
        Duration delay = interval;
        for (int i = 0; i < Math.min(earlierFailures, MAX_DOUBLINGS) && delay.compareTo(cap) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return failedAt.plus(delay.compareTo(cap) > 0 ? cap : delay);
    }

    /** Whether a scan at {@code now} takes the file again. */
    public boolean isDue(Instant now, Instant failedAt, int earlierFailures, Duration interval) {
        return !now.isBefore(dueAt(failedAt, earlierFailures, interval));
    }
}
