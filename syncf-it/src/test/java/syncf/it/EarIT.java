package syncf.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The EAR ({@code syncf-ear}) as one node on a full Payara Server, set up by {@code ./syncf ear}
 * from the same server configuration as Payara Micro: it serves the API and copies files.
 * The server is the distribution the build unpacks into {@code target/payara-server}. Its
 * monitoring shows the node at work: the pool, the message-driven bean, the timers and SyncF's
 * MBeans move while the job copies ({@link PayaraMonitoring}), and SyncF's metrics at
 * {@code /api/metrics} say what it copied, with the names they have on Payara Micro.
 */
class EarIT {

    static final Path PAYARA_HOME = Path.of(System.getProperty("syncf.it.payara-server", "target/payara-server/payara6"))
            .toAbsolutePath();

    @Test
    void theEarOnPayaraServerServesTheApiAndSyncsFiles() throws IOException {
        Path workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "ear-");
        // a queue of its own: on the run's shared vhost, another test's worker (a node kept for the
        // whole run) would take this node's task messages and drop them as unknown
        try (Vhost vhost = Node.ON_RABBITMQ ? Vhost.create() : null;
                Database database = Database.forRun(workDir);
                Node node = Node.start(workDir, database, vhost == null ? Map.of() : Map.of("SYNCF_MQ_URL", vhost.url()),
                        "ear", PAYARA_HOME.toString())) {
            Api api = node.api();
            PayaraMonitoring monitoring = PayaraMonitoring.of(node);
            PayaraMonitoring.Reading before = monitoring.read();
            Path source = Files.createDirectories(node.base().resolve("docs/sub"));
            Files.writeString(source.resolve("readme.txt"), "from the EAR");
            Files.write(source.resolve("data.bin"), new byte[3_000_000]);

            Reply created = api.post("api/jobs", Jobs.request("docs", "backup/docs", "1h"));
            assertEquals(201, created.status(), created::toString);
            String job = created.json().getString("job_id");
            await().atMost(SyncIT.WAIT).until(() -> api.get("api/jobs/" + job + "/tracking").json()
                    .getJsonObject("summary").getInt("completed") == 2);

            JsonObject tracking = api.get("api/jobs/" + job + "/tracking").json();
            assertEquals(1.0, tracking.getJsonObject("summary").getJsonNumber("progress").doubleValue(), 0.001);
            assertEquals("from the EAR", Files.readString(node.base().resolve("backup/docs/sub/readme.txt")));
            assertEquals(3_000_000, Files.size(node.base().resolve("backup/docs/sub/data.bin")));
            // Payara's own /health, with the checks of every application: the EAR's own endpoint is
            // off here (docs/adr/0022), and it would know no broker, which is a WAR of its own
            Reply health = api.get("health");
            assertEquals(200, health.status(), health::toString);
            assertEquals("UP", health.check("database").getString("status"), health::toString);
            assertEquals("UP", health.check("worker").getString("status"), "the worker runs in the EAR too");
            if (!Node.ON_RABBITMQ) {
                assertEquals("UP", health.check("broker").getString("status"), health::toString);
            }
            assertEquals(400, api.post("api/jobs", Jobs.request("../etc", "x", "1h")).status(),
                    "the same problem answers as on Payara Micro");
            await().atMost(SyncIT.WAIT).untilAsserted(() -> monitoring.assertMovedSince(before, 2));
            MetricsIT.assertOneJobCopied(api, 2, 3_000_000 + "from the EAR".length());
            assertEquals(List.of(), monitoring.openBeyondLoopback(), "the admin listener and JMX connector on loopback only");
            // and every other socket the domain opens (Hazelcast, the timer service's H2, any
            // broker): the domain runs apart from the launcher, its pid in the domain's config
            long domain = Long.parseLong(Files.readString(workDir.resolve(
                    "var/domains/syncf-" + api.base().getPort() + "/config/pid")).trim());
            assertEquals(List.of(), ListeningSockets.of(domain).stream().filter(socket -> !socket.onLoopback()).toList(),
                    "every socket of the domain on loopback");
        }
    }
}
