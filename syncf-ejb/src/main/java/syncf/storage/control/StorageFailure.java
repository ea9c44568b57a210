package syncf.storage.control;

import java.io.IOException;

/**
 * A failure a backend has already put in the words a user reads: the side it hit and the
 * reason ({@code "cannot write the sink: access denied"}), with no credential, endpoint or class
 * name in it. A backend that is not a filesystem raises these, so that whichever storage
 * {@link Storage#describe describes} an error, its text survives as it is.
 */
public class StorageFailure extends IOException {

    public StorageFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
