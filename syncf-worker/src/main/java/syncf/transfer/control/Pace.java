package syncf.transfer.control;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Holds one copy stream to at most a number of bytes per second, as rsync's and rclone's
 * {@code --bwlimit} do: after each chunk, waits until the bytes so far are due. The wait
 * comes after the checkpoint, so a worker that stops while it waits loses no copied bytes.
 * A stream that fell behind (a stall: a slow disk, a paused process) catches up by at most
 * {@link #MAX_CATCH_UP} at full speed, as a token bucket's burst: the limit then holds over any
 * stretch of the copy, not only on average since its start.
 */
final class Pace {

    static final long MAX_CATCH_UP = TimeUnit.SECONDS.toNanos(1);

    private final long bytesPerSecond;
    private final LongSupplier nanoTime;
    private long startedAt;

    /** @param bytesPerSecond 0 or less: no limit */
    Pace(long bytesPerSecond) {
        this(bytesPerSecond, System::nanoTime);
    }

    Pace(long bytesPerSecond, LongSupplier nanoTime) {
        this.bytesPerSecond = bytesPerSecond;
        this.nanoTime = nanoTime;
        this.startedAt = nanoTime.getAsLong();
    }

    /** @param bytes copied since this stream started */
    void copied(long bytes) {
        long ahead = nanosAhead(bytes);
        if (ahead > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(ahead);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How long the stream must wait before it may go on past {@code bytes}; a stall earns no more than the catch-up. */
    long nanosAhead(long bytes) {
        if (bytesPerSecond <= 0) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        // whole seconds first: bytes times 10^9 would overflow past 9 GB
        long dueAt = startedAt + TimeUnit.SECONDS.toNanos(bytes / bytesPerSecond)
                + TimeUnit.SECONDS.toNanos(1) * (bytes % bytesPerSecond) / bytesPerSecond;
        if (dueAt < now - MAX_CATCH_UP) {
            startedAt += now - MAX_CATCH_UP - dueAt;
            return -MAX_CATCH_UP;
        }
        return dueAt - now;
    }
}
