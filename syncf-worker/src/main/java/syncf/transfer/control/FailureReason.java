package syncf.transfer.control;

/**
 * Why a worker ended a task {@code failed}, in a few words a metric's label can carry: a bounded
 * set, unlike the {@code last_error} a user reads on the task.
 */
public enum FailureReason {
    /** Its attempts ran out on I/O errors (a disk, a store that did not answer). */
    IO_ERROR,
    /** The source changed or went away during the copy; the next scan takes the current version. */
    SOURCE_CHANGED,
    /** Its path is not allowed, or its store cannot be used. */
    NOT_ALLOWED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
