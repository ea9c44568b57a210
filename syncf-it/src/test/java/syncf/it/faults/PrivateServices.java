package syncf.it.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The fault suite's own PostgreSQL and RabbitMQ: a server and a broker node started for the
 * suite alone, in temporary directories, on free ports, so that restarting them (a fault the
 * suite injects) disturbs no other test run on this machine, and two runs never meet. Each is
 * stopped by its own data directory or node name, never by a name search.
 */
final class PrivateServices {

    static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private PrivateServices() {
    }

    /** A PostgreSQL server of its own ({@code initdb}, {@code pg_ctl}), run as the {@code postgres} user. */
    static final class Postgres implements AutoCloseable {

        private final Path dir;
        private final int port;

        private Postgres(Path dir, int port) {
            this.dir = dir;
            this.port = port;
        }

        static Postgres start() throws IOException, InterruptedException {
            Path dir = Files.createTempDirectory("syncf-faults-pg-");
            run("chown", "postgres:", dir.toString());
            Postgres server = new Postgres(dir, freePort());
            server.pg("initdb", "-D", server.data(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync");
            server.pgCtl("start");
            run("psql", "-h", "127.0.0.1", "-p", Integer.toString(server.port), "-U", "postgres", "-q", "-c",
                    "create database test");
            return server;
        }

        String url() {
            return "jdbc:postgresql://127.0.0.1:" + port + "/test";
        }

        /** A fast restart, as {@code pg_ctlcluster restart} does: every connection is cut. */
        void restart() throws IOException, InterruptedException {
            pgCtl("restart");
        }

        private void pgCtl(String action) throws IOException, InterruptedException {
            // fsync off: the suite restarts the server cleanly, it never crashes the machine under it
            pg("pg_ctl", "-D", data(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "120", "-m", "fast",
                    "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", action);
        }

        private String data() {
            return dir.resolve("data").toString();
        }

        private void pg(String tool, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres",
                    "--init-groups", "/usr/lib/postgresql/15/bin/" + tool));
            command.addAll(List.of(args));
            run(command.toArray(String[]::new));
        }

        @Override
        public void close() throws IOException {
            try {
                pg("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the server is stopping anyway; its directory still goes
            } finally {
                delete(dir);
            }
        }
    }

    /**
     * A RabbitMQ node of its own ({@code rabbitmq-server} with its own node name, ports, data,
     * logs and configuration, and no plugins, so no management listener meets the machine's
     * node), stopped with {@code rabbitmqctl -n NODE stop} and, should that fail, by its pid.
     */
    static final class RabbitMq implements AutoCloseable {

        private final Path dir;
        private final String node;
        private final int port;
        private final Process process;

        private RabbitMq(Path dir, String node, int port, Process process) {
            this.dir = dir;
            this.node = node;
            this.port = port;
            this.process = process;
        }

        static RabbitMq start() throws IOException {
            Path dir = Files.createTempDirectory("syncf-faults-rabbitmq-");
            String node = "syncf-faults-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
            int port = freePort();
            Files.writeString(dir.resolve("rabbitmq.conf"), "listeners.tcp.local = 127.0.0.1:" + port + "\n");
            Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
            Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
            ProcessBuilder builder = new ProcessBuilder("/usr/lib/rabbitmq/bin/rabbitmq-server")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("console.log").toFile());
            environment(builder.environment(), dir, node);
            builder.environment().put("RABBITMQ_NODE_PORT", Integer.toString(port));
            builder.environment().put("RABBITMQ_DIST_PORT", Integer.toString(freePort()));
            builder.environment().put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
            RabbitMq broker = new RabbitMq(dir, node, port, builder.start());
            try {
                await("RabbitMQ node " + node).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
                    if (!broker.process.isAlive()) {
                        throw new AssertionError("rabbitmq-server exited: " + Files.readString(dir.resolve("console.log")));
                    }
                    return broker.ctlSucceeds("await_startup");
                });
            } catch (RuntimeException | AssertionError e) {
                broker.close();
                throw e;
            }
            return broker;
        }

        /** The node's own cookie (in its HOME), data, logs, config and env file: nothing of the machine's node. */
        private static void environment(Map<String, String> env, Path dir, String node) {
            env.put("HOME", dir.toString());
            env.put("RABBITMQ_NODENAME", node);
            env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
            env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
            env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
            env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
            env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
            env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
            env.put("RABBITMQ_PID_FILE", dir.resolve("rabbitmq.pid").toString());
            env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
        }

        String url() {
            return "amqp://guest:guest@127.0.0.1:" + port;
        }

        void stopApp() throws IOException, InterruptedException {
            ctl("stop_app");
        }

        void startApp() throws IOException, InterruptedException {
            ctl("start_app");
        }

        private void ctl(String... args) throws IOException, InterruptedException {
            run(ctlCommand(args), dir);
        }

        private boolean ctlSucceeds(String... args) throws IOException, InterruptedException {
            ProcessBuilder builder = new ProcessBuilder(ctlCommand(args)).redirectErrorStream(true);
            environment(builder.environment(), dir, node);
            Process ctl = builder.start();
            ctl.getInputStream().readAllBytes();
            return ctl.waitFor() == 0;
        }

        private String[] ctlCommand(String... args) {
            List<String> command = new ArrayList<>(List.of("/usr/lib/rabbitmq/bin/rabbitmqctl", "-q", "-n", node));
            command.addAll(List.of(args));
            return command.toArray(String[]::new);
        }

        private void run(String[] command, Path home) throws IOException, InterruptedException {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            environment(builder.environment(), home, node);
            Process ctl = builder.start();
            String output = new String(ctl.getInputStream().readAllBytes());
            if (ctl.waitFor() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + output);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                if (process.isAlive()) {
                    ctlSucceeds("stop");
                }
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                delete(dir);
            }
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
