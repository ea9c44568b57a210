package syncf.worker.boundary;

/**
 * A worker's figures, as {@code syncf:type=Worker,name="<slave_id>"}: what it copies now and has
 * done since it started (the jobs' totals are the master's {@code syncf:type=Jobs}). The node's
 * metrics ({@code /api/metrics}) show the same counters.
 */
public interface WorkerMXBean {

    /** The {@code slave_id} its tasks show. */
    String getWorkerId();

    /** Messages whose copy runs now (a task's slice, or a batch), at most the worker's sessions. */
    int getBusySessions();

    /** Claimed tasks whose copy runs now: a file being copied, each file and entry of a batch. */
    int getActiveCopies();

    /** Bytes of files copied since the worker started (a large file's counted at each checkpoint; server-side copies included). */
    long getCopiedBytes();

    /** Files whose copy this worker completed since it started. */
    long getCopiedFiles();

    /** Copies it went on with from a checkpoint it did not leave itself. */
    long getResumes();

    /** Source bytes those resumes read again. */
    long getRereadBytes();

    /** Failed attempts whose task is retried later. */
    long getRetries();

    /** Tasks it ended failed, whatever the reason. */
    long getFailures();
}
