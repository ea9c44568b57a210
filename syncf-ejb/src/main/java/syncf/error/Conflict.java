package syncf.error;

import jakarta.ejb.ApplicationException;

/** The request is well formed but the resource's current state forbids it; the boundary answers 409. */
@ApplicationException(inherited = true, rollback = true)
public abstract class Conflict extends RuntimeException {

    protected Conflict(String detail) {
        super(detail);
    }

    public abstract String slug();

    public abstract String title();
}
