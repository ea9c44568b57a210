package syncf.node.boundary;

import static java.lang.System.Logger.Level.WARNING;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import syncf.node.control.CheckKind;
import syncf.node.control.HealthAnswer;
import syncf.node.control.NodeHealth;

/**
 * {@code GET /health}, {@code /health/ready}, {@code /health/live} and {@code /health/started}
 * on the application's port, answered from {@link NodeHealth} in MicroProfile Health's shape:
 * 200 when {@code UP}, 503 when {@code DOWN}. Only where {@code syncf.health.endpoint} is
 * {@code true} (WildFly's {@code server.cli} sets it): WildFly serves MicroProfile Health on its
 * management port only and leaves out the checks inside an EAR, while Payara serves its own
 * {@code /health} in the module at {@code /}, which a mapping of ours would shadow
 * (docs/adr/0022). Mapped by {@link ModuleChecks}, not declared, for that reason.
 */
public class HealthEndpoint extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(HealthEndpoint.class.getName());

    /** The configuration key that switches the endpoint on. */
    public static final String ENABLED = "syncf.health.endpoint";
    static final String MAPPING = "/health/*";

    private final transient NodeHealth node;

    HealthEndpoint(NodeHealth node) {
        this.node = node;
    }

    /** Off unless configured: on Payara, {@code /health} is the server's. */
    static boolean enabled(Config config) {
        return config.getOptionalValue(ENABLED, Boolean.class).orElse(false);
    }

    /** Serves {@code /health/*} in {@code context}; a path already taken stays as it is, with a warning. */
    static void map(ServletContext context, NodeHealth node) {
        ServletRegistration.Dynamic servlet = context.addServlet("syncf-health", new HealthEndpoint(node));
        if (servlet == null) {
            LOG.log(WARNING, "A servlet named syncf-health is there already: /health is not SyncF''s");
            return;
        }
        Set<String> taken = servlet.addMapping(MAPPING);
        if (!taken.isEmpty()) {
            LOG.log(WARNING, "{0} is mapped already: /health is not SyncF''s", taken);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Set<CheckKind>> kinds = kinds(request.getPathInfo());
        if (kinds.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND); // the error page's problem+json
            return;
        }
        HealthAnswer answer = node.answer(kinds.get());
        response.setStatus(answer.up() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(answer.json().toString());
    }

    /** {@code /health} (and {@code /health/}) lists every kind; {@code /health/ready} one; anything else none. */
    static Optional<Set<CheckKind>> kinds(String pathInfo) {
        if (pathInfo == null || pathInfo.equals("/")) {
            return Optional.of(EnumSet.allOf(CheckKind.class));
        }
        return CheckKind.ofPath(pathInfo.substring(1)).map(EnumSet::of);
    }
}
