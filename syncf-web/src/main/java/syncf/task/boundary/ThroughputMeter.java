package syncf.task.boundary;

import static java.lang.System.Logger.Level.DEBUG;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import syncf.task.control.Tracking;

/**
 * A running job's current throughput: every two seconds, the bytes its tasks have copied so
 * far; the rate is the growth over the last {@link #WINDOW}. Kept in memory, on the master: a
 * restarted master shows a rate again after two samples. The database holds only progress,
 * so this costs one grouped query per sample, whatever the number of workers.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ThroughputMeter {

    private static final System.Logger LOG = System.getLogger(ThroughputMeter.class.getName());
    static final Duration WINDOW = Duration.ofSeconds(10);

    private record Sample(Instant at, long copiedBytes) {
    }

    private final Map<UUID, Deque<Sample>> samples = new ConcurrentHashMap<>();

    @Inject
    Tracking tracking;

    @Schedule(second = "*/2", minute = "*", hour = "*", persistent = false)
    void sample() {
        Instant now = Instant.now();
        Map<UUID, Long> copied;
        try {
            copied = tracking.copiedPerRunningJob();
        } catch (RuntimeException e) {
            LOG.log(DEBUG, "Throughput sample skipped: {0}", e.toString());
            return;
        }
        for (Map.Entry<UUID, Long> job : copied.entrySet()) {
            Deque<Sample> kept = samples.computeIfAbsent(job.getKey(), id -> new ArrayDeque<>());
            synchronized (kept) {
                kept.addLast(new Sample(now, job.getValue()));
                while (kept.size() > 2 && kept.peekFirst().at().isBefore(now.minus(WINDOW))) {
                    kept.removeFirst();
                }
            }
        }
        samples.keySet().retainAll(copied.keySet()); // a paused or killed job copies nothing: no rate
    }

    /** Bytes per second over the last samples; empty until a running job has two of them. */
    public OptionalLong bytesPerSecond(UUID job) {
        Deque<Sample> kept = samples.get(job);
        if (kept == null) {
            return OptionalLong.empty();
        }
        synchronized (kept) {
            if (kept.size() < 2) {
                return OptionalLong.empty();
            }
            Sample first = kept.peekFirst();
            Sample last = kept.peekLast();
            long millis = Duration.between(first.at(), last.at()).toMillis();
            long bytes = Math.max(0, last.copiedBytes() - first.copiedBytes());
            return millis <= 0 ? OptionalLong.empty() : OptionalLong.of(bytes * 1000 / millis);
        }
    }

    /** What all running jobs copy per second together; 0 until one has two samples. */
    public long bytesPerSecondOfAll() {
        return samples.keySet().stream().map(this::bytesPerSecond).mapToLong(rate -> rate.orElse(0)).sum();
    }
}
