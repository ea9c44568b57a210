package syncf.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A node's MBeans as JConsole and VisualVM reach them: a JMX connector on a loopback port (the
 * JVM's own, {@link #options}; or a server's, with its admin's credentials), opened for each read.
 *
 * @param credentials user and password, or empty for a connector that asks for none
 */
public record Jmx(int port, List<String> credentials) {

    static Jmx onFreePort() {
        try {
            return new Jmx(Node.freePort(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JVM options that open the connector: loopback only, and, for a test, neither TLS nor a password. */
    List<String> options() {
        return List.of("-Dcom.sun.management.jmxremote.port=" + port, "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false");
    }

    /** {@code SYNCF_JAVA_OPTS} for a node: the default heap, and the connector. */
    Map<String, String> env() {
        return Map.of("SYNCF_JAVA_OPTS", "-Xmx768m " + String.join(" ", options()));
    }

    Object attribute(String name, String attribute) {
        return read(connection -> connection.getAttribute(new ObjectName(name), attribute));
    }

    long number(String name, String attribute) {
        return ((Number) attribute(name, attribute)).longValue();
    }

    Set<ObjectName> names(String pattern) {
        return read(connection -> connection.queryNames(new ObjectName(pattern), null));
    }

    private interface Read<T> {
        T from(MBeanServerConnection connection) throws IOException, JMException;
    }

    private <T> T read(Read<T> read) {
        JMXServiceURL url;
        try {
            url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
            Map<String, Object> env = credentials.isEmpty() ? Map.of()
                    : Map.of(JMXConnector.CREDENTIALS, credentials.toArray(String[]::new));
            try (JMXConnector connector = JMXConnectorFactory.connect(url, env)) {
                return read.from(connector.getMBeanServerConnection());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }
}
