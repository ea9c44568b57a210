package syncf.storage.control;

/**
 * A place in a {@link Storage}, resolved and confined once ({@link Storage#locate},
 * {@link Storage#locateEntry}) and then handed to every operation on it. Only the backend that
 * made it can use it: the local backend's is a {@link ConfinedPath}; an S3 backend's will be a
 * bucket and a normalised key.
 */
public interface Location {

    /** The path as a job stores and shows it, relative to the storage's root. */
    String relative();
}
