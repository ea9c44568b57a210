package syncf.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What an operator of {@code ./syncf ear}'s Payara Server domain reads in its monitoring: the
 * statistics the set-up switches on, through the REST monitoring API of the admin listener (what
 * the admin console's Monitoring Data pages show), and SyncF's own MBeans through the domain's
 * JMX connector, with the admin's credentials (the domain's admin has no password).
 */
record PayaraMonitoring(URI admin, Jmx jmx) {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The domain's ports follow its HTTP port as {@code ./syncf ear} lays them out: admin at -32, JMX at +6. */
    static PayaraMonitoring of(Node node) {
        int http = node.api().base().getPort();
        return new PayaraMonitoring(URI.create("http://127.0.0.1:" + (http - 32) + "/monitoring/domain/server/"),
                Jmx.rmi(http + 6, List.of("admin", "")));
    }

    /** The figures this test watches, at one moment. */
    record Reading(long poolConnections, long messages, long timerDeliveries, long completedTasks, long workerFiles) {
    }

    Reading read() {
        String worker = jmx.names("syncf:type=Worker,*").iterator().next().toString();
        return new Reading(count("resources/syncfPool", "numconnacquired"),
                count("applications/syncf/syncf-worker.war/TaskListener", "messagecount"),
                count("applications/syncf/syncf-web.war/ThroughputMeter/timers", "numtimersdelivered"),
                jmx.number("syncf:type=Jobs", "CompletedTasks"), jmx.number(worker, "CopiedFiles"));
    }

    /** Every figure moved from {@code before}, the tasks and files by at least {@code files}. */
    void assertMovedSince(Reading before, int files) {
        Reading now = read();
        String moved = before + " -> " + now;
        assertTrue(now.poolConnections() > before.poolConnections(), "the data source pool's connections: " + moved);
        assertTrue(now.messages() > before.messages(), "the message-driven bean's messages: " + moved);
        assertTrue(now.timerDeliveries() > before.timerDeliveries(), "the timers' deliveries: " + moved);
        assertTrue(now.completedTasks() >= before.completedTasks() + files, "syncf:type=Jobs CompletedTasks: " + moved);
        assertTrue(now.workerFiles() >= before.workerFiles() + files, "the worker's CopiedFiles: " + moved);
    }

    /**
     * The machine's addresses other than loopback at which the domain's admin listener, JMX
     * connector, Hazelcast (its DAS port, admin + 1) or its own JMS broker (admin + 28, which it
     * must not start) answer; none is what {@code ./syncf ear} promises, since its admin has no
     * password and SyncF uses neither Hazelcast nor that broker.
     */
    List<String> openBeyondLoopback() throws IOException {
        List<String> open = new ArrayList<>();
        for (NetworkInterface face : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(face.getInetAddresses())) {
                if (address.isLoopbackAddress() || address.isLinkLocalAddress()) {
                    continue;
                }
                for (int port : List.of(admin.getPort(), jmx.port(), admin.getPort() + 1, admin.getPort() + 28)) {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(address, port), 2000);
                        open.add(address.getHostAddress() + ":" + port);
                    } catch (IOException refused) {
                        // what is expected: nothing listens there
                    }
                }
            }
        }
        return open;
    }

    /** A count statistic of the monitoring tree, as {@code GET .../<path>.json} gives it. */
    private long count(String path, String statistic) {
        HttpRequest request = HttpRequest.newBuilder(admin.resolve(path + ".json"))
                .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
                JsonObject entity = reader.readObject().getJsonObject("extraProperties").getJsonObject("entity");
                JsonObject value = entity.getJsonObject(statistic);
                if (value == null) {
                    throw new AssertionError(request.uri() + " has no " + statistic + ": " + entity.keySet());
                }
                return value.getJsonNumber("count").longValue();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
