package syncf.problem.boundary;

import static java.lang.System.Logger.Level.ERROR;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;

/**
 * A failure nobody foresaw: a 500 problem whose {@code instance} names the log entry that
 * holds the stack trace. The body never carries the trace itself.
 */
@Provider
public class UnexpectedFailureMapper implements ExceptionMapper<Throwable> {

    private static final System.Logger LOG = System.getLogger(UnexpectedFailureMapper.class.getName());

    @Override
    public Response toResponse(Throwable e) {
        String instance = "urn:uuid:" + UUID.randomUUID();
        LOG.log(ERROR, "Unexpected failure " + instance, e);
        return Problems.response(500, "internal-error", "Internal error",
                "SyncF failed unexpectedly; the server log has the details under " + instance, instance);
    }
}
