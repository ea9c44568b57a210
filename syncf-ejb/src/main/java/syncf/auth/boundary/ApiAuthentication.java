package syncf.auth.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import syncf.auth.control.Admission;
import syncf.auth.control.LoginThrottle;
import syncf.auth.control.Role;
import syncf.node.boundary.ErrorPage;

/**
 * How every request to a SyncF web module is authenticated (docs/adr/0024). The roles each path
 * needs are the security constraints of the module's {@code web.xml}; this mechanism only says
 * who calls:
 * <ul>
 * <li>no credentials configured: a request that arrived on loopback is the local operator, as
 * before SyncF had credentials; any other is refused (403), since nothing could tell an operator
 * from anyone who reaches the port;</li>
 * <li>otherwise {@code Authorization: Basic} (a user's password) or {@code Bearer} (a token),
 * checked by {@link CallerStore}; none on a protected path is a 401 with a challenge, and a client
 * past its failed logins per window gets 429 without a check.</li>
 * </ul>
 * Unprotected paths ({@code /health}) pass untouched. Every refusal is a problem+json body written
 * by {@link ErrorPage}.
 */
@ApplicationScoped
public class ApiAuthentication implements HttpAuthenticationMechanism {

    private static final Logger LOG = System.getLogger(ApiAuthentication.class.getName());
    static final String CHALLENGE = "Basic realm=\"SyncF\", charset=\"UTF-8\"";
    static final String LOCAL_OPERATOR = "local";
    static final String ANONYMOUS = "anonymous";
    static final String METRICS = "/api/metrics";
    static final int TOO_MANY_REQUESTS = 429;

    @Inject
    ConfiguredCredentials configured;

    @Inject
    IdentityStoreHandler identities;

    @Inject
    @ConfigProperty(name = "syncf.auth.metrics-open", defaultValue = "false")
    boolean metricsOpen;

    @Inject
    @ConfigProperty(name = "syncf.auth.failures-per-window", defaultValue = "10")
    int failuresPerWindow;

    @Inject
    @ConfigProperty(name = "syncf.auth.failure-window", defaultValue = "PT1M")
    Duration failureWindow;

    Clock clock = Clock.systemUTC();

    private LoginThrottle throttle;

    @PostConstruct
    void start() {
        throttle = new LoginThrottle(failuresPerWindow, failureWindow, clock);
    }

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        String authorization = request.getHeader("Authorization");
        String client = request.getRemoteAddr();
        Optional<Duration> wait = authorization == null ? Optional.empty() : throttle.wait(client);
        Admission admission = Admission.of(configured.credentials().configured(), arrivedOnLoopback(request),
                context.isProtected(), authorization != null, metricsOpen && METRICS.equals(pathOf(request)), wait.isPresent());
        return switch (admission) {
            case LOCAL_OPERATOR -> context.notifyContainerAboutLogin(LOCAL_OPERATOR, Role.OPERATOR.groups());
            case PASS -> context.doNothing();
            case REFUSE_REMOTE -> refuse(request, response, HttpServletResponse.SC_FORBIDDEN,
                    "this node has no credentials configured (SYNCF_AUTH_FILE), so it answers only requests that arrive on loopback");
            case ANONYMOUS_VIEWER -> context.notifyContainerAboutLogin(ANONYMOUS, Role.VIEWER.groups());
            case CHALLENGE -> challenge(request, response, "credentials needed: HTTP Basic (curl -u NAME) or 'Authorization: Bearer TOKEN'");
            case THROTTLED -> {
                long seconds = wait.orElseThrow().toSeconds() + 1;
                response.setHeader("Retry-After", Long.toString(seconds));
                yield refuse(request, response, TOO_MANY_REQUESTS,
                        "too many failed logins from " + client + " within " + failureWindow.toSeconds() + " s; try again in " + seconds + " s");
            }
            case CHECK -> check(request, response, context, authorization, client);
        };
    }

    private AuthenticationStatus check(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context,
            String authorization, String client) {
        Optional<Credential> credential = credential(authorization);
        if (credential.isEmpty()) {
            throttle.failed(client);
            return challenge(request, response, "the Authorization header is neither 'Basic BASE64(NAME:PASSWORD)' nor 'Bearer TOKEN'");
        }
        CredentialValidationResult result = identities.validate(credential.get());
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            throttle.failed(client);
            LOG.log(Level.INFO, "A failed login from {0} to {1}", client, request.getRequestURI());
            return challenge(request, response, "these credentials are not valid");
        }
        return context.notifyContainerAboutLogin(result);
    }

    /** The credential an {@code Authorization} header presents, or empty for one SyncF does not take. */
    static Optional<Credential> credential(String authorization) {
        int space = authorization.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = authorization.substring(0, space);
        String value = authorization.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer") && !value.isEmpty()) {
            return Optional.of(new BearerToken(value));
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                String pair = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon > 0) {
                    return Optional.of(new UsernamePasswordCredential(pair.substring(0, colon), pair.substring(colon + 1)));
                }
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** On the loopback interface, so from this very machine (a proxy on it counts as local: README says so). */
    private static boolean arrivedOnLoopback(HttpServletRequest request) {
        try {
            return InetAddress.getByName(request.getLocalAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String pathOf(HttpServletRequest request) {
        return request.getServletPath() + Optional.ofNullable(request.getPathInfo()).orElse("");
    }

    private static AuthenticationStatus challenge(HttpServletRequest request, HttpServletResponse response, String detail) {
        response.setHeader("WWW-Authenticate", CHALLENGE);
        return refuse(request, response, HttpServletResponse.SC_UNAUTHORIZED, detail);
    }

    private static AuthenticationStatus refuse(HttpServletRequest request, HttpServletResponse response, int status, String detail) {
        request.setAttribute(ErrorPage.DETAIL, detail);
        try {
            response.sendError(status);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "The client left before its refusal", e);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
