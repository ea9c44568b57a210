package syncf.task.control;

import java.time.Duration;
import java.util.Objects;

/** How one task of a batch ended its attempt on a worker; {@link TaskLifecycle#settle} records it. */
public sealed interface Settlement {

    /** The target is in place, whole, with this SHA-256 (none for a directory or a link). */
    record Completed(String sha256) implements Settlement {
    }

    /** Ended for good, with no retry: the path is not allowed, or the store cannot be used. */
    record Failed(String reason) implements Settlement {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Ended for good, with no retry: the source changed or went away during the copy; the next
     * scan sees the current version (or the deletion) and takes a task for it.
     */
    record Changed(String reason) implements Settlement {
        public Changed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** An I/O error: retried after {@code backoff} while attempts remain. */
    record AttemptFailed(String error, Duration backoff) implements Settlement {
        public AttemptFailed {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(backoff, "backoff");
        }
    }

    /** Not copied this time (another copier holds the target): any worker takes it again. */
    record Released() implements Settlement {
    }
}
