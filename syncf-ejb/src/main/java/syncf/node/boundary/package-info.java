/**
 * The node as the server runs it, at its edges: the HTTP listener closed first on a stop
 * ({@link syncf.node.boundary.ListenerClosesFirst}), the problem+json error page of every web
 * module ({@link syncf.node.boundary.ErrorPage}), and, where the server gathers none of the
 * EAR's health checks (WildFly), {@code /health} of the EAR's own
 * ({@link syncf.node.boundary.ModuleChecks}, {@link syncf.node.boundary.HealthEndpoint};
 * docs/adr/0022).
 */
package syncf.node.boundary;
