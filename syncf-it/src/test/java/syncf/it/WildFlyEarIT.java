package syncf.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The same EAR as {@link EarIT}, on WildFly, set up by {@code ./syncf wildfly} from
 * {@code server-config/wildfly}: it serves the API and copies files byte for byte. The server is
 * the distribution the build unpacks into {@code target/wildfly}. WildFly serves MicroProfile
 * Health on its management port (HTTP port + 1910) and leaves out the checks inside an EAR
 * (WFLY-12835): SyncF's {@code database} and {@code worker} checks are the EAR's own
 * {@code /health} on the application port (docs/adr/0022), the embedded broker's (a WAR of its
 * own) and every deployment's status WildFly's on the management port. Ready is both. Its
 * monitoring shows the node at work: the pool, the message-driven bean, the scan timers and
 * SyncF's MBeans move with the job ({@link WildFlyMonitoring}); SyncF's metrics are on the
 * application port at {@code /api/metrics}, with the names they have on Payara.
 */
class WildFlyEarIT {

    static final Path WILDFLY_HOME = Path.of(System.getProperty("syncf.it.wildfly",
            "target/wildfly/wildfly-" + System.getProperty("syncf.it.wildfly-version", "39.0.1.Final"))).toAbsolutePath();

    /** WildFly's ports are offset from its 8080 to SYNCF_PORT; management is 9990 + that offset. */
    static final int MANAGEMENT_FROM_HTTP = 9990 - 8080;

    @Test
    void theEarOnWildFlyServesTheApiAndSyncsFiles() throws IOException {
        Path workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "wildfly-");
        try (Vhost vhost = Node.ON_RABBITMQ ? Vhost.create() : null;
                Database database = Database.forRun(workDir);
                Node node = Node.launch(workDir, database, vhost == null ? Map.of() : Map.of("SYNCF_MQ_URL", vhost.url()),
                        "wildfly", WILDFLY_HOME.toString())) {
            Api api = node.api();
            URI base = api.base();
            Api management = new Api(URI.create("http://127.0.0.1:" + (base.getPort() + MANAGEMENT_FROM_HTTP) + "/"));
            await("WildFly ready: " + node.log()).atMost(Node.BOOT_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptionsInstanceOf(java.io.UncheckedIOException.class)
                    .until(() -> {
                        if (!node.isAlive()) {
                            throw new AssertionError("WildFly exited:\n" + node.logTail());
                        }
                        Reply ready = api.get("health/ready");
                        Reply server = management.get("health/ready");
                        return ready.status() == 200 && server.status() == 200
                                && server.body().contains("\"syncf.ear\":\"OK\"")
                                && server.body().contains("\"syncf-rar.rar\":\"OK\"")
                                && (Node.ON_RABBITMQ || server.body().contains("\"broker\""))
                                && api.get("api/jobs").status() == 200;
                    });

            Reply ready = api.get("health/ready");
            assertEquals(200, ready.status(), ready::toString);
            assertTrue(ready.contentType().startsWith("application/json"), ready::toString);
            assertEquals("UP", ready.json().getString("status"), ready::toString);
            JsonObject databaseCheck = ready.check("database");
            assertEquals("UP", databaseCheck.getString("status"), ready::toString);
            assertTrue(databaseCheck.getJsonObject("data").getString("product").startsWith(Node.ON_RABBITMQ ? "PostgreSQL" : "SQLite"),
                    ready::toString);
            JsonObject worker = ready.check("worker");
            assertEquals("UP", worker.getString("status"), ready::toString);
            assertTrue(worker.getJsonObject("data").getBoolean("consuming"), ready::toString);
            Reply health = api.get("health");
            assertEquals(200, health.status(), health::toString);
            assertEquals("UP", health.check("database").getString("status"), health::toString);
            assertEquals("UP", health.check("worker").getString("status"), health::toString);
            assertEquals(200, api.get("health/live").status(), "live: SyncF has no liveness check of its own");
            assertEquals(200, api.get("health/started").status());

            WildFlyMonitoring monitoring = WildFlyMonitoring.of(WILDFLY_HOME, base.getPort() + MANAGEMENT_FROM_HTTP);
            WildFlyMonitoring.Reading before = monitoring.read();
            Path source = Files.createDirectories(node.base().resolve("docs/sub"));
            Files.writeString(source.resolve("readme.txt"), "from the EAR on WildFly");
            byte[] data = new byte[3_000_000];
            new SecureRandom().nextBytes(data);
            Files.write(source.resolve("data.bin"), data);

            Reply created = api.post("api/jobs", Jobs.request("docs", "backup/docs", "1h"));
            assertEquals(201, created.status(), created::toString);
            String job = created.json().getString("job_id");
            await().atMost(SyncIT.WAIT).until(() -> api.get("api/jobs/" + job + "/tracking").json()
                    .getJsonObject("summary").getInt("completed") == 2);

            JsonObject tracking = api.get("api/jobs/" + job + "/tracking").json();
            String sha256 = Content.sha256(source.resolve("data.bin"));
            assertTrue(tracking.getJsonArray("tasks").getValuesAs(JsonObject.class).stream()
                    .anyMatch(task -> sha256.equals(task.getString("checksum", null))), tracking::toString);
            assertEquals(sha256, Content.sha256(node.base().resolve("backup/docs/sub/data.bin")));
            assertEquals("from the EAR on WildFly", Files.readString(node.base().resolve("backup/docs/sub/readme.txt")));

            Reply bad = api.post("api/jobs", Jobs.request("../etc", "x", "1h"));
            assertEquals(400, bad.status(), bad::toString);
            assertTrue(bad.contentType().startsWith("application/problem+json"), bad::toString);
            await().atMost(SyncIT.WAIT).untilAsserted(() -> monitoring.assertMovedSince(before, 2));
            MetricsIT.assertOneJobCopied(api, 2, data.length + "from the EAR on WildFly".length());
        }
    }
}
