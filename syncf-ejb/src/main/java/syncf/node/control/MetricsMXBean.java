package syncf.node.control;

/**
 * One web module's metrics, as {@code syncf:type=Metrics,part=<master|worker>}: its registry's
 * Prometheus text. The node's endpoint ({@link NodeMetrics}) joins every part it finds, so a node
 * answers one scrape whatever it runs, although its modules share no class on Payara Micro
 * (docs/adr/0023). An operation, not an attribute: a console that refreshes attributes does not
 * scrape.
 */
public interface MetricsMXBean {

    /** The module's metrics in the Prometheus text format 0.0.4. */
    String scrape();
}
