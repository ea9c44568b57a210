package syncf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;

/** What every error answer must be: an RFC 9457 problem, with no trace of the server's insides. */
final class Problems {

    private Problems() {
    }

    static JsonObject assertProblem(Reply reply, int status, String slug) {
        assertEquals(status, reply.status(), reply::toString);
        assertTrue(reply.contentType().startsWith("application/problem+json"), reply::toString);
        JsonObject problem = reply.json();
        assertEquals("urn:syncf:problem:" + slug, problem.getString("type"), reply::toString);
        assertEquals(status, problem.getInt("status"));
        assertFalse(problem.getString("title").isBlank());
        assertFalse(problem.getString("detail").isBlank());
        assertFalse(reply.body().contains("Exception"), "no exception names in a problem: " + reply);
        assertFalse(reply.body().matches("(?s).*\\bat [a-z]+\\.[a-zA-Z.]+\\(.*"), "no stack trace: " + reply);
        return problem;
    }
}
