package syncf.transfer.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import syncf.worker.boundary.WorkerMeters;

/**
 * What this worker is copying now and has done since it started, for the monitoring figures:
 * counted where the copies run, in memory (the database holds each task's progress; these are
 * the process's own). The one count of each: the {@code syncf:type=Worker} MBean and the metrics
 * ({@link WorkerMeters}) read these same counters; only the copies' durations go straight to
 * their histogram.
 */
@ApplicationScoped
public class CopyActivity {

    /** What one message carried, for the durations' histogram. */
    public enum Message {
        /** One task: a slice of a file (a large one's, up to its chunks per slice), a directory or a link. */
        SINGLE,
        /** Small files, empty directories and links, copied and settled together. */
        BATCH
    }

    @Inject
    WorkerMeters meters;

    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder files = new LongAdder();
    private final LongAdder resumes = new LongAdder();
    private final LongAdder reread = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final Map<FailureReason, LongAdder> failures = new EnumMap<>(FailureReason.class);

    public CopyActivity() {
        for (FailureReason reason : FailureReason.values()) {
            failures.put(reason, new LongAdder());
        }
    }

    /**
     * Runs the copy of one message's {@code tasks} claimed tasks: its session counted busy, its
     * tasks active while it runs, and its duration recorded once it ends, however it ends.
     */
    void copying(Message message, int tasks, Runnable copy) {
        if (tasks == 0) {
            copy.run(); // nothing claimed: nothing copies
            return;
        }
        long started = System.nanoTime();
        sessions.incrementAndGet();
        active.addAndGet(tasks);
        try {
            copy.run();
        } finally {
            active.addAndGet(-tasks);
            sessions.decrementAndGet();
            meters.copyTook(message, System.nanoTime() - started);
        }
    }

    /** Bytes of files copied: at each checkpoint of a large file, and a batch's once it is written. */
    void copied(long count) {
        bytes.add(count);
    }

    /** Files whose copy this worker completed. */
    void completed(long count) {
        files.add(count);
    }

    /** This worker went on from a checkpoint it did not leave itself, reading {@code again} source bytes again. */
    void resumed(long again) {
        resumes.increment();
        reread.add(again);
    }

    /** An attempt failed and its task is retried later. */
    void retried() {
        retries.increment();
    }

    /** A task this worker copied ended {@code failed}. */
    void failed(FailureReason reason) {
        failures.get(reason).increment();
    }

    /** Messages whose copy runs now: at most the worker's sessions (four). */
    public int busySessions() {
        return sessions.get();
    }

    /** The claimed tasks (a file, a batch's files and entries) whose copy runs now. */
    public int activeCopies() {
        return active.get();
    }

    public long copiedBytes() {
        return bytes.sum();
    }

    public long copiedFiles() {
        return files.sum();
    }

    public long resumes() {
        return resumes.sum();
    }

    public long rereadBytes() {
        return reread.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long failures(FailureReason reason) {
        return failures.get(reason).sum();
    }

    public long failures() {
        return failures.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
