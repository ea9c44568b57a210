package syncf.transfer.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What this worker is copying now and has copied since it started, for the monitoring figures:
 * counted where the copies run, in memory (the database holds each task's progress; these are
 * the process's own).
 */
@ApplicationScoped
public class CopyActivity {

    private final AtomicInteger active = new AtomicInteger();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder files = new LongAdder();

    /** Runs the copy of {@code tasks} claimed tasks, counted as active while it runs. */
    void copying(int tasks, Runnable copy) {
        active.addAndGet(tasks);
        try {
            copy.run();
        } finally {
            active.addAndGet(-tasks);
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
}
