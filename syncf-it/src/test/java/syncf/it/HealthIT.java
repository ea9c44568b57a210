package syncf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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

    /** Read from the kernel's socket table, so the test sends nothing off the loopback interface. */
    @Test
    void theApiListensOnLoopbackOnly(Api api) throws IOException {
        String port = String.format(Locale.ROOT, "%04X", api.base().getPort());
        List<String> listeners = Stream.of("/proc/net/tcp", "/proc/net/tcp6")
                .flatMap(HealthIT::lines)
                .map(String::trim)
                .map(line -> line.split("\\s+"))
                .filter(fields -> fields.length > 3 && fields[3].equals("0A") && fields[1].endsWith(":" + port))
                .map(fields -> fields[1].substring(0, fields[1].indexOf(':')))
                .toList();
        assertFalse(listeners.isEmpty(), "the node listens on port " + api.base().getPort());
        for (String address : listeners) {
            assertTrue(address.equals("0100007F") || address.equals("0000000000000000FFFF00000100007F")
                    || address.equals("00000000000000000000000001000000"), "listens on loopback only, not " + address);
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
