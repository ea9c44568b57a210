package syncf.problem.boundary;

import jakarta.json.Json;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Builds RFC 9457 problem responses, the one error shape of the API. The body is written
 * with JSON-P, not JSON-B, so that an error while writing an error cannot happen.
 */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:syncf:problem:";

    private Problems() {
    }

    static Response response(int status, String slug, String title, String detail, String instance) {
        var body = Json.createObjectBuilder()
                .add("type", TYPE_PREFIX + slug)
                .add("title", title)
                .add("status", status)
                .add("detail", detail == null ? title : detail);
        if (instance != null) {
            body.add("instance", instance);
        }
        return Response.status(status).type(MEDIA_TYPE).entity(body.build().toString()).build();
    }

    /** The request's path, as the problem's {@code instance}; null when there is no request context. */
    static String instance(UriInfo uriInfo) {
        try {
            return uriInfo == null ? null : uriInfo.getRequestUri().getRawPath();
        } catch (IllegalStateException e) {
            return null;
        }
    }
}
