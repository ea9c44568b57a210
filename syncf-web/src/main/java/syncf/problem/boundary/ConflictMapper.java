package syncf.problem.boundary;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import syncf.error.Conflict;

@Provider
public class ConflictMapper implements ExceptionMapper<Conflict> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(Conflict e) {
        return Problems.response(409, e.slug(), e.title(), e.getMessage(), Problems.instance(uriInfo));
    }
}
