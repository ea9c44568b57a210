package syncf.node.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;
import syncf.node.control.CheckKind;
import syncf.node.control.NodeHealth;
import syncf.node.control.RegisteredCheck;

class HealthEndpointTest {

    final NodeHealth node = new NodeHealth();
    final HealthEndpoint endpoint = new HealthEndpoint(node);

    @Test
    void readyIs200WithTheChecksAsJsonWhileEveryCheckIsUp() throws Exception {
        node.register("/", List.of(check("database", CheckKind.READINESS, Status.UP)));
        node.register("/syncf-worker", List.of(check("worker", CheckKind.READINESS, Status.UP)));

        Answer answer = get("/ready");

        assertEquals(200, answer.status);
        assertEquals("application/json", answer.contentType);
        assertEquals("UTF-8", answer.encoding);
        JsonObject json = answer.json();
        assertEquals("UP", json.getString("status"));
        assertEquals(List.of("database", "worker"), names(json));
        assertEquals("UP", json.getJsonArray("checks").getJsonObject(1).getString("status"));
        assertEquals("on", json.getJsonArray("checks").getJsonObject(1).getJsonObject("data").getString("worker"));
    }

    @Test
    void aCheckDownIs503WithTheSameBody() throws Exception {
        node.register("/", List.of(check("database", CheckKind.READINESS, Status.DOWN),
                check("worker", CheckKind.READINESS, Status.UP)));

        Answer answer = get("/ready");

        assertEquals(503, answer.status);
        assertEquals("application/json", answer.contentType);
        assertEquals("DOWN", answer.json().getString("status"));
        assertEquals(List.of("database", "worker"), names(answer.json()));
    }

    @Test
    void aCheckThatThrowsIs503NotAFailedRequest() throws Exception {
        node.register("/", List.of(new RegisteredCheck("syncf.Broken", CheckKind.READINESS, () -> {
            throw new IllegalStateException("broken");
        })));

        Answer answer = get(null);

        assertEquals(503, answer.status);
        JsonObject failed = answer.json().getJsonArray("checks").getJsonObject(0);
        assertEquals("syncf.Broken", failed.getString("name"));
        assertEquals("DOWN", failed.getString("status"));
    }

    @Test
    void eachPathListsItsKindAndHealthListsThemAll() throws Exception {
        node.register("/", List.of(check("database", CheckKind.READINESS, Status.DOWN),
                check("alive", CheckKind.LIVENESS, Status.UP),
                check("booted", CheckKind.STARTUP, Status.UP)));

        assertEquals(List.of("alive"), names(get("/live").json()));
        assertEquals(200, get("/live").status, "a database away does not make the node dead");
        assertEquals(List.of("booted"), names(get("/started").json()));
        assertEquals(List.of("database", "alive", "booted"), names(get(null).json()));
        assertEquals(503, get(null).status);
        assertEquals(List.of("database", "alive", "booted"), names(get("/").json()));
    }

    @Test
    void anotherPathUnderHealthIsTheErrorPages404() throws Exception {
        Answer answer = get("/metrics");

        assertEquals(404, answer.error);
        assertEquals("", answer.body.toString(), "the error page writes the problem");
    }

    @Test
    void aPostIsRefused() throws Exception {
        Answer answer = call("POST", "/ready");

        assertEquals(405, answer.error);
    }

    @Test
    void offUnlessTheConfigurationSaysTrue() {
        assertFalse(HealthEndpoint.enabled(config(Map.of())), "off by default: Payara serves /health itself");
        assertFalse(HealthEndpoint.enabled(config(Map.of(HealthEndpoint.ENABLED, "false"))));
        assertTrue(HealthEndpoint.enabled(config(Map.of(HealthEndpoint.ENABLED, "true"))));
    }

    @Test
    void mappedAtHealthAndEverythingUnderIt() {
        List<String> mappings = new ArrayList<>();
        ServletRegistration.Dynamic registration = Fake.of(ServletRegistration.Dynamic.class, Map.of(
                "addMapping", args -> {
                    mappings.add((String) ((Object[]) args[0])[0]);
                    return Set.of();
                }));
        Map<String, Object> added = new HashMap<>();
        ServletContext context = Fake.of(ServletContext.class, Map.of("addServlet", args -> {
            added.put((String) args[0], args[1]);
            return registration;
        }));

        HealthEndpoint.map(context, node);

        assertTrue(added.get("syncf-health") instanceof HealthEndpoint, added::toString);
        assertEquals(List.of("/health/*"), mappings);
    }

    private Answer get(String pathInfo) throws ServletException, IOException {
        return call("GET", pathInfo);
    }

    private Answer call(String method, String pathInfo) throws ServletException, IOException {
        Answer answer = new Answer();
        HttpServletRequest request = Fake.of(HttpServletRequest.class, Map.of(
                "getMethod", args -> method,
                "getPathInfo", args -> pathInfo,
                "getProtocol", args -> "HTTP/1.1"));
        PrintWriter writer = new PrintWriter(answer.body);
        Map<String, Function<Object[], Object>> calls = new HashMap<>();
        calls.put("setStatus", args -> answer.status = (Integer) args[0]);
        calls.put("sendError", args -> answer.error = (Integer) args[0]);
        calls.put("setContentType", args -> answer.contentType = (String) args[0]);
        calls.put("setCharacterEncoding", args -> answer.encoding = (String) args[0]);
        calls.put("setHeader", args -> null);
        calls.put("getWriter", args -> writer);
        endpoint.service(request, Fake.of(HttpServletResponse.class, calls));
        writer.flush();
        return answer;
    }

    /** What the servlet told the container to send. */
    static final class Answer {
        Integer status;
        Integer error;
        String contentType;
        String encoding;
        final StringWriter body = new StringWriter();

        JsonObject json() {
            return Json.createReader(new StringReader(body.toString())).readObject();
        }
    }

    static RegisteredCheck check(String name, CheckKind kind, Status status) {
        return new RegisteredCheck("syncf.test." + name, kind,
                () -> new HealthCheckResponse(name, status, Optional.of(Map.of(name, "on"))));
    }

    static List<String> names(JsonObject answer) {
        return answer.getJsonArray("checks").getValuesAs(JsonObject.class).stream().map(check -> check.getString("name")).toList();
    }

    static Config config(Map<String, String> values) {
        return Fake.of(Config.class, Map.of("getOptionalValue",
                args -> Optional.ofNullable(values.get((String) args[0])).map(Boolean::valueOf)));
    }
}
