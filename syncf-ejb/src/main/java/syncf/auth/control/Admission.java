package syncf.auth.control;

/**
 * What the authentication mechanism does first with a request, from what it knows before any
 * credential is checked: the decision alone, so that every branch is a unit test.
 */
public enum Admission {
    /** No credentials configured and the request came over loopback: the local operator, as before credentials. */
    LOCAL_OPERATOR,
    /** A path no role guards ({@code /health}), or a remote one with nothing to protect: untouched. */
    PASS,
    /** No credentials configured and the request came from another machine: refused (403). */
    REFUSE_REMOTE,
    /** {@code /api/metrics} opened to all ({@code syncf.auth.metrics-open}) and no credentials sent: a viewer. */
    ANONYMOUS_VIEWER,
    /** Credentials needed and none sent: 401 with a challenge. */
    CHALLENGE,
    /** Too many failed logins from this client lately: 429, nothing checked. */
    THROTTLED,
    /** Check the credentials sent. */
    CHECK;

    /**
     * @param configured       whether a credentials file names anyone
     * @param loopback         whether the request arrived on the loopback interface
     * @param guarded          whether a security constraint guards the path
     * @param sentCredentials  whether the request has an {@code Authorization} header
     * @param openMetrics      whether the path is {@code /api/metrics} and metrics are open to all
     * @param throttled        whether the client is past its failed logins
     */
    public static Admission of(boolean configured, boolean loopback, boolean guarded, boolean sentCredentials,
            boolean openMetrics, boolean throttled) {
        if (!configured) {
            return loopback ? LOCAL_OPERATOR : guarded ? REFUSE_REMOTE : PASS;
        }
        if (!guarded) {
            return PASS;
        }
        if (!sentCredentials) {
            return openMetrics ? ANONYMOUS_VIEWER : CHALLENGE;
        }
        return throttled ? THROTTLED : CHECK;
    }
}
