package syncf.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.HashMap;
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
 * JVM's own, {@link #options}; a Payara domain's, with its admin's credentials; WildFly's, on
 * its management port through the client its distribution ships), opened for each read.
 *
 * @param localPort   the port of the JVM's local connector, which {@link #options} opens beside the remote one; 0 elsewhere
 * @param credentials user and password, or empty for a connector that asks for none (or, on
 *                    WildFly, knows the local user)
 * @param client      the JMX client's jar for a protocol the JDK lacks ({@code remote+http}), or null
 */
public record Jmx(String url, int port, int localPort, List<String> credentials, Path client) {

    static Jmx onFreePort() {
        try {
            int port = Node.freePort();
            return new Jmx(rmiUrl(port), port, Node.freePort(), List.of(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JDK's RMI connector, as the JVM's agent and Payara Server open it. */
    static Jmx rmi(int port, List<String> credentials) {
        return new Jmx(rmiUrl(port), port, 0, credentials, null);
    }

    private static String rmiUrl(int port) {
        return "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi";
    }

    /** WildFly's connector on its HTTP management port, as its {@code bin/jconsole.sh} reaches it. */
    static Jmx wildfly(Path home, int managementPort) {
        return new Jmx("service:jmx:remote+http://127.0.0.1:" + managementPort, managementPort, 0, List.of(),
                home.resolve("bin/client/jboss-cli-client.jar"));
    }

    /** The JVM options that open the connector: loopback only, and, for a test, neither TLS nor a password. */
    List<String> options() {
        return List.of("-Dcom.sun.management.jmxremote.port=" + port, "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false",
                // the JVM's local connector, opened beside the remote one; see HealthIT for why its port is set
                "-Dcom.sun.management.jmxremote.local.port=" + localPort);
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
        Map<String, Object> env = new HashMap<>();
        if (!credentials.isEmpty()) {
            env.put(JMXConnector.CREDENTIALS, credentials.toArray(String[]::new));
        }
        try (URLClassLoader providers = client == null ? null
                : new URLClassLoader(new URL[] {client.toUri().toURL()}, Jmx.class.getClassLoader())) {
            if (providers != null) {
                env.put(JMXConnectorFactory.PROTOCOL_PROVIDER_CLASS_LOADER, providers);
            }
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(url), env)) {
                return read.from(connector.getMBeanServerConnection());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }
}
