package syncf.transfer.control;

import java.util.Locale;
import syncf.task.control.Settlement;

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

    /** Why a batch's task whose settlement failed it ended so. */
    static FailureReason of(Settlement failed) {
        if (failed instanceof Settlement.AttemptFailed) {
            return IO_ERROR; // its last attempt: the entity failed it for good
        }
        return failed instanceof Settlement.Changed ? SOURCE_CHANGED : NOT_ALLOWED;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
