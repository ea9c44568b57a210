package syncf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedNode.class)
class HealthIT {

    @Test
    void healthIsUpWithTheDatabaseAndWorkerChecks(Api api) {
        Reply health = api.get("health");
        assertEquals(200, health.status(), health::toString);
        JsonObject body = health.json();
        assertEquals("UP", body.getString("status"));
        var checks = body.getJsonArray("checks").stream().map(v -> v.asJsonObject()).toList();
        JsonObject database = checks.stream().filter(c -> c.getString("name").equals("database")).findFirst().orElseThrow();
        assertEquals("UP", database.getString("status"));
        String product = database.getJsonObject("data").getString("product");
        String expected = System.getProperty("syncf.it.db", "sqlite").equals("sqlite") ? "SQLite" : "PostgreSQL";
        assertTrue(product.startsWith(expected), product);
        assertTrue(checks.stream().anyMatch(c -> c.getString("name").equals("worker")), body::toString);
        assertEquals(1, checks.stream().filter(c -> c.getString("name").equals("database")).count(), "one database check");
        boolean embedded = checks.stream().anyMatch(c -> c.getString("name").equals("broker"));
        assertEquals(!Node.ON_RABBITMQ, embedded, "a broker is embedded only when no SYNCF_MQ_URL is given");
        checks.stream().filter(c -> c.getString("name").equals("broker"))
                .forEach(broker -> assertEquals("UP", broker.getString("status")));
    }

    /**
     * Every socket the node's process listens on (TCP) or receives on (UDP) is bound to loopback:
     * the API, the embedded broker, the JMX connector and Hazelcast's port, which Payara Micro opens
     * on all interfaces unless told otherwise (server-config/payara/network.asadmin). Read from the
     * kernel's socket tables and the process's descriptors, so the test sends nothing anywhere.
     * One exception, the JDK's: with a JMX connector configured (this node has one), the JVM also
     * opens its local connector on an ephemeral port of every interface, which takes connections
     * from this host's own addresses only (JDK's LocalRMIServerSocketFactory) and has no setting
     * for its address; its port is set on the command line ({@link Jmx#options}), read there and left out.
     */
    @Test
    void everySocketOfTheNodeIsOnLoopbackOnly(Node node, Api api) throws IOException {
        List<ListeningSockets.Socket> sockets = ListeningSockets.of(node.pid());
        assertTrue(sockets.stream().anyMatch(socket -> socket.port() == api.base().getPort()),
                "the node listens on port " + api.base().getPort());
        OptionalInt jdkLocalConnector = jdkLocalConnectorPort(node.pid());
        for (ListeningSockets.Socket socket : sockets) {
            if (!jdkLocalConnector.equals(OptionalInt.of(socket.port()))) {
                assertTrue(socket.onLoopback(), "port " + socket.port() + " listens on loopback only, not on " + socket.address());
            }
        }
    }

    /** The port of the JVM's local JMX connector, as the node's command line sets it. */
    private static OptionalInt jdkLocalConnectorPort(long pid) throws IOException {
        String commandLine = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
        Matcher local = Pattern.compile("-Dcom\\.sun\\.management\\.jmxremote\\.local\\.port=(\\d+)").matcher(commandLine);
        return local.find() ? OptionalInt.of(Integer.parseInt(local.group(1))) : OptionalInt.empty();
    }
}
