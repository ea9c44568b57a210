package syncf.worker.boundary;

/**
 * A worker's figures, as {@code syncf:type=Worker,name="<slave_id>"}: what it copies now and has
 * copied since it started (the jobs' totals are the master's {@code syncf:type=Jobs}).
 */
public interface WorkerMXBean {

    /** The {@code slave_id} its tasks show. */
    String getWorkerId();

    /** Claimed tasks whose copy runs now: a file being copied, each file and entry of a batch. */
    int getActiveCopies();

    /** Bytes of files copied since the worker started (a large file's counted at each checkpoint; server-side copies included). */
    long getCopiedBytes();

    /** Files whose copy this worker completed since it started. */
    long getCopiedFiles();
}
