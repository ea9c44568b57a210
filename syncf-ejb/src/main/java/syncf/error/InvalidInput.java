package syncf.error;

import jakarta.ejb.ApplicationException;

/**
 * Input a user sent that SyncF refuses, before anything was changed. The boundary answers
 * 400 with {@link #slug()} as the problem type and the message as its detail, so the
 * message must say what was wrong and how to fix it, and never disclose anything outside
 * the base directory.
 */
@ApplicationException(inherited = true, rollback = true)
public abstract class InvalidInput extends RuntimeException {

    protected InvalidInput(String detail) {
        super(detail);
    }

    /** Short, stable name of the problem, e.g. {@code invalid-interval}. */
    public abstract String slug();

    /** Human title of the problem type, the same for every instance of it. */
    public abstract String title();
}
