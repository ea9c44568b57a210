package syncf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
        Set<String> inodes = socketInodes(node.pid());
        List<String[]> bound = Stream.of("/proc/net/tcp", "/proc/net/tcp6", "/proc/net/udp", "/proc/net/udp6")
                .flatMap(file -> lines(file).map(String::trim).map(line -> line.split("\\s+"))
                        .filter(fields -> fields.length > 9 && inodes.contains(fields[9]))
                        // a TCP socket that listens; a UDP socket that takes datagrams from anyone
                        .filter(fields -> file.contains("tcp") ? fields[3].equals("0A") : fields[2].matches("0+:0000")))
                .toList();
        String apiPort = String.format(Locale.ROOT, "%04X", api.base().getPort());
        assertTrue(bound.stream().anyMatch(fields -> fields[1].endsWith(":" + apiPort)),
                "the node listens on port " + api.base().getPort());
        OptionalInt jdkLocalConnector = jdkLocalConnectorPort(node.pid());
        for (String[] fields : bound) {
            String address = fields[1].substring(0, fields[1].indexOf(':'));
            int port = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16);
            if (jdkLocalConnector.equals(OptionalInt.of(port))) {
                continue;
            }
            assertTrue(address.equals("0100007F") || address.equals("0000000000000000FFFF00000100007F")
                    || address.equals("00000000000000000000000001000000"),
                    "port " + port + " listens on loopback only, not on " + address);
        }
    }

    private static Set<String> socketInodes(long pid) throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return descriptors.map(HealthIT::target)
                    .filter(target -> target.startsWith("socket:["))
                    .map(target -> target.substring("socket:[".length(), target.length() - 1))
                    .collect(Collectors.toSet());
        }
    }

    /** The port of the JVM's local JMX connector, as the node's command line sets it. */
    private static OptionalInt jdkLocalConnectorPort(long pid) throws IOException {
        String commandLine = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
        Matcher local = Pattern.compile("-Dcom\\.sun\\.management\\.jmxremote\\.local\\.port=(\\d+)").matcher(commandLine);
        return local.find() ? OptionalInt.of(Integer.parseInt(local.group(1))) : OptionalInt.empty();
    }

    private static String target(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor).toString();
        } catch (IOException e) {
            return ""; // closed since it was listed
        }
    }

    private static Stream<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file)).stream().skip(1);
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
