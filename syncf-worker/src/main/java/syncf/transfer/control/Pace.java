package syncf.transfer.control;

import java.util.concurrent.TimeUnit;

/**
 * Holds one copy stream to at most a number of bytes per second, as rsync's and rclone's
 * {@code --bwlimit} do: after each chunk, waits until the bytes so far are due. The wait
 * comes after the checkpoint, so a worker that stops while it waits loses no copied bytes.
 */
final class Pace {

    private final long bytesPerSecond;
    private final long startedAt = System.nanoTime();

    /** @param bytesPerSecond 0 or less: no limit */
    Pace(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    void copied(long bytes) {
        if (bytesPerSecond <= 0) {
            return;
        }
        long dueAt = startedAt + TimeUnit.SECONDS.toNanos(1) * bytes / bytesPerSecond;
        long ahead = dueAt - System.nanoTime();
        if (ahead > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(ahead);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
