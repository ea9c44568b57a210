package syncf.auth.control;

/** A credentials file SyncF cannot use: the message names the file, the line and what is wrong. */
public class InvalidCredentials extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidCredentials(String message) {
        super(message);
    }
}
