package syncf.error;

import jakarta.ejb.ApplicationException;

/** A resource the request names does not exist; the boundary answers 404. */
@ApplicationException(inherited = true, rollback = true)
public abstract class NotFound extends RuntimeException {

    protected NotFound(String detail) {
        super(detail);
    }

    public abstract String slug();

    public abstract String title();
}
