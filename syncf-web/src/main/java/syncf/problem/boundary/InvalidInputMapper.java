package syncf.problem.boundary;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import syncf.error.InvalidInput;

@Provider
public class InvalidInputMapper implements ExceptionMapper<InvalidInput> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(InvalidInput e) {
        return Problems.response(400, e.slug(), e.title(), e.getMessage(), Problems.instance(uriInfo));
    }
}
