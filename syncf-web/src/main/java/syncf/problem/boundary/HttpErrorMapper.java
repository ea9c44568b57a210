package syncf.problem.boundary;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The HTTP-level refusals of JAX-RS itself (no such route, wrong method, wrong media type) as problems. */
@Provider
public class HttpErrorMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        String title = original.getStatusInfo().getReasonPhrase();
        String detail;
        if (e instanceof NotFoundException) {
            detail = "no such resource; the API lives under /api/jobs";
        } else if (e instanceof NotAllowedException) {
            detail = "method not allowed here; allowed: " + original.getAllowedMethods();
        } else if (e instanceof NotSupportedException) {
            detail = "send the request body as JSON, with the header Content-Type: application/json";
        } else {
            detail = title;
        }
        Response problem = Problems.response(status, "http-" + status, title, detail, Problems.instance(uriInfo));
        if (!original.getAllowedMethods().isEmpty()) {
            return Response.fromResponse(problem).allow(original.getAllowedMethods()).build();
        }
        return problem;
    }
}
