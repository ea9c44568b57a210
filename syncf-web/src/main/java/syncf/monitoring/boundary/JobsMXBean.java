package syncf.monitoring.boundary;

/**
 * The master's figures, as {@code syncf:type=Jobs}: jobs and tasks by state, and the bytes of
 * every job, as the tracking API adds them up (skipped entries' bytes left out). Read through
 * a server's JMX connector, its console's MBean browser, JConsole or VisualVM.
 */
public interface JobsMXBean {

    long getRunningJobs();

    long getPausedJobs();

    long getKilledJobs();

    long getPendingTasks();

    long getInProgressTasks();

    long getRetryingTasks();

    long getCompletedTasks();

    long getFailedTasks();

    long getSkippedTasks();

    /**
     * The dispatch queue: tasks of running jobs waiting for a worker to take them (pending, or
     * retrying after a failed attempt), whether their message is in the broker's queue yet or not.
     */
    long getQueuedTasks();

    /** The bytes of every job's files to copy. */
    long getTotalBytes();

    /** The bytes of those copied so far, counting the files under way up to their last checkpoint. */
    long getCopiedBytes();

    /** What the running jobs copy per second now, over the last ten seconds. */
    long getBytesPerSecond();
}
