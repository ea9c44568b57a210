package syncf.node.boundary;

import jakarta.json.Json;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The error page of every SyncF web module, declared in each {@code web.xml} as the page for
 * every status: whatever the servlet container itself refuses outside the JAX-RS API (no such
 * path, {@code /}, a method the default servlet does not take) is an RFC 9457 problem, the
 * API's one error shape, instead of the server's HTML page. Requested directly, it is a 404.
 */
public class ErrorPage extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** A request attribute with the detail a refusal gives instead of its status's usual one. */
    public static final String DETAIL = "syncf.problem.detail";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer number && number >= 400 ? number : HttpServletResponse.SC_NOT_FOUND;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String text ? text : request.getRequestURI();
        if (response.isCommitted()) {
            return; // the answer is on its way already: nothing can be put in its place
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Object detail = request.getAttribute(DETAIL);
        response.getWriter().write(problem(status, path, detail instanceof String text ? text : null));
    }

    static String problem(int status, String path, String givenDetail) {
        String title = switch (status) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 405 -> "Method Not Allowed";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Bad Request";
        };
        String detail = givenDetail != null ? givenDetail : switch (status) {
            case 401 -> "credentials needed: HTTP Basic (curl -u NAME) or 'Authorization: Bearer TOKEN'";
            case 403 -> "the caller's role does not allow this: reading needs the viewer role, changing jobs the operator role";
            case 404 -> "no such resource; the API lives under /api/jobs, health under /health";
            case 503 -> "SyncF is not ready; /health/ready says when it is";
            default -> title;
        };
        return Json.createObjectBuilder()
                .add("type", "urn:syncf:problem:http-" + status)
                .add("title", title)
                .add("status", status)
                .add("detail", detail)
                .add("instance", path)
                .build().toString();
    }
}
