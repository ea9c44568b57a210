package syncf.problem.boundary;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import syncf.error.NotFound;

@Provider
public class NotFoundMapper implements ExceptionMapper<NotFound> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(NotFound e) {
        return Problems.response(404, e.slug(), e.title(), e.getMessage(), Problems.instance(uriInfo));
    }
}
