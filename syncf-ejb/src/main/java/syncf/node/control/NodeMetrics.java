package syncf.node.control;

import static java.lang.System.Logger.Level.WARNING;

import java.lang.management.ManagementFactory;
import java.util.Comparator;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * What a node's metrics endpoint answers: the Prometheus text of every SyncF module deployed in
 * this JVM, the master's and the worker's, each written by its own Micrometer registry and read
 * through the platform MBean server ({@link MetricsMXBean}), since the two web modules share no
 * class on Payara Micro. Their metric names are disjoint (the master's describe jobs, tasks,
 * scans and dispatch; the worker's its copies), so the parts joined are one valid exposition.
 */
public final class NodeMetrics {

    /** What Prometheus expects of the text format 0.0.4, which every part is written in. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String PARTS = ManagementBeans.DOMAIN + ":type=Metrics,*";
    private static final System.Logger LOG = System.getLogger(NodeMetrics.class.getName());

    private NodeMetrics() {
    }

    /** Registers a module's metrics as {@code syncf:type=Metrics,part=<part>}, each scrape read from {@code metrics}. */
    public static ObjectName register(String part, MetricsMXBean metrics) {
        return ManagementBeans.register("type=Metrics,part=" + part, MetricsMXBean.class, () -> metrics);
    }

    /**
     * Every part's text, in the order of their names (master before worker). A part that cannot
     * be read (its module undeploying) is left out and logged: its series go stale in Prometheus,
     * the others are still scraped.
     */
    public static String scrape() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<ObjectName> parts;
        try {
            parts = server.queryNames(new ObjectName(PARTS), null).stream()
                    .sorted(Comparator.comparing(name -> name.getKeyProperty("part"))).toList();
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder text = new StringBuilder();
        for (ObjectName part : parts) {
            try {
                String exposition = (String) server.invoke(part, "scrape", null, null);
                text.append(exposition);
                if (!exposition.isEmpty() && !exposition.endsWith("\n")) {
                    text.append('\n'); // the next part's first line starts a line of its own
                }
            } catch (JMException | RuntimeException e) {
                LOG.log(WARNING, "Metrics of {0} left out of this scrape: {1}", part, e.toString());
            }
        }
        return text.toString();
    }
}
