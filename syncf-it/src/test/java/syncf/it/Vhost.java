package syncf.it;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A RabbitMQ virtual host of its own for a group of nodes, so that their task queue is theirs:
 * on a shared vhost another group's worker would take (and drop, as unknown) their messages,
 * be it another test class's nodes or another test run on the same machine. Made and removed
 * with {@code rabbitmqctl}, which runs beside this machine's RabbitMQ.
 */
public record Vhost(String name) implements AutoCloseable {

    /** The vhost of every node of this test run that has none of its own; removed when the run ends. */
    public static Vhost ofThisRun() {
        return OfThisRun.VHOST;
    }

    /** Made on first use, once (the JVM initialises a class once, thread-safely), and final from then on. */
    private static final class OfThisRun {
        static final Vhost VHOST = create();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(VHOST::close));
        }
    }

    public static Vhost create() {
        Vhost vhost = new Vhost("syncf-it-" + UUID.randomUUID().toString().substring(0, 8));
        vhost.rabbitmqctl("add_vhost", vhost.name);
        vhost.rabbitmqctl("set_permissions", "-p", vhost.name, "guest", ".*", ".*", ".*");
        return vhost;
    }

    /** The broker URL of this vhost on this machine's RabbitMQ. */
    public String url() {
        return System.getProperty("syncf.it.rabbitmq.url", "amqp://guest:guest@127.0.0.1:5672") + "/" + name;
    }

    @Override
    public void close() {
        rabbitmqctl("delete_vhost", name);
    }

    private void rabbitmqctl(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("rabbitmqctl is needed for the RabbitMQ tests: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
