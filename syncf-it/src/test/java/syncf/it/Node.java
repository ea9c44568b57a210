package syncf.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One SyncF node started the way a user starts it, {@code ./syncf start|master|worker},
 * as its own OS process on a free port, with its own base directory and database. Ready
 * when {@code /health} is UP with the checks its roles bring.
 */
public final class Node implements AutoCloseable {

    public static final Path HOME = Path.of(System.getProperty("syncf.it.home", "..")).toAbsolutePath().normalize();
    /** 4 minutes; {@code -Dsyncf.it.boot-timeout-minutes=N} on a machine busier than CI's. */
    static final Duration BOOT_TIMEOUT = Duration.ofMinutes(Long.getLong("syncf.it.boot-timeout-minutes", 4));
    /** Set per failsafe execution: the postgresql execution runs on RabbitMQ, the sqlite one on the embedded broker. */
    public static final boolean ON_RABBITMQ = "rabbitmq".equals(System.getProperty("syncf.it.mq"));

    private final Process process;
    private final Path log;
    private final Api api;
    private final Path base;
    private final String brokerUri;

    private final List<String> checks;

    private Node(Process process, Path log, Api api, Path base, String brokerUri, List<String> checks) {
        this.process = process;
        this.log = log;
        this.api = api;
        this.base = base;
        this.brokerUri = brokerUri;
        this.checks = List.copyOf(checks);
    }

    /**
     * @param command {@code start}, {@code master} or {@code worker} (then {@code args} may name the worker)
     * @param workDir holds the node's base directory ({@code base/}), {@code var/} and its log
     */
    public static Node start(Path workDir, Database database, String command, String... args) {
        return start(workDir, database, Map.of(), command, args);
    }

    /** @param settings environment that overrides the defaults, e.g. {@code SYNCF_MQ_URL} or a transfer setting */
    public static Node start(Path workDir, Database database, Map<String, String> settings, String command,
            String... args) {
        return start(workDir, database, settings, List.of(), command, args);
    }

    /**
     * @param launcher the command that runs {@code ./syncf}, e.g. {@code setpriv --reuid=nobody ...} for a
     *     node of an unprivileged user (which execs, so the node's pid stays the one stopped); empty for none
     */
    public static Node start(Path workDir, Database database, Map<String, String> settings, List<String> launcher,
            String command, String... args) {
        Node node = launch(workDir, database, settings, launcher, command, args);
        node.awaitReady();
        return node;
    }

    /** Starts the node and returns at once, before it is ready: for tests of the boot itself. */
    public static Node launch(Path workDir, Database database, Map<String, String> settings, String command,
            String... args) {
        return launch(workDir, database, settings, List.of(), command, args);
    }

    private static Node launch(Path workDir, Database database, Map<String, String> settings, List<String> launcher,
            String command, String... args) {
        try {
            Path base = Files.createDirectories(workDir.resolve("base"));
            int port = freePort();
            Path log = workDir.resolve("node-" + command + "-" + port + ".log");
            List<String> commandLine = new ArrayList<>(launcher);
            commandLine.addAll(List.of(HOME.resolve("syncf").toString(), command));
            commandLine.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(commandLine)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            // the node's settings are the test's alone: none of the caller's SYNCF_*, locale or AWS_* (nor
            // ~/.aws, nor the EC2 metadata service: a developer's own S3 never leaks in); S3Store#env() gives one
            env.keySet().removeIf(key -> key.startsWith("SYNCF_") || key.startsWith("LC_") || key.startsWith("AWS_"));
            env.put("AWS_CONFIG_FILE", workDir.resolve("no-aws-config").toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", workDir.resolve("no-aws-credentials").toString());
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            env.put("LANG", "C"); // the plainest locale a service gets; ./syncf must still keep names intact
            env.putAll(database.env());
            env.put("SYNCF_PORT", Integer.toString(port));
            int brokerPort = freePort();
            env.put("SYNCF_BROKER_PORT", Integer.toString(brokerPort));
            // an empty SYNCF_MQ_URL in settings asks for the embedded broker, whatever the run's broker
            String mq = settings.getOrDefault("SYNCF_MQ_URL", ON_RABBITMQ ? Vhost.ofThisRun().url() : "");
            String brokerUri = mq.isEmpty() ? "amqp://guest:guest@127.0.0.1:" + brokerPort : mq;
            env.put("SYNCF_BASE_PATH", base.toString());
            env.put("SYNCF_VAR_DIR", workDir.resolve("var").toString());
            env.put("SYNCF_SKIP_BUILD", "true");
            env.putAll(settings);
            env.remove("SYNCF_MQ_URL");
            if (!mq.isEmpty()) {
                env.put("SYNCF_MQ_URL", mq);
            }
            List<String> checks = new ArrayList<>(List.of("database", "worker", "broker"));
            if (command.equals("worker")) {
                checks.retainAll(List.of("worker"));
            } else if (command.equals("master")) {
                checks.remove("worker");
            }
            if (!mq.isEmpty()) {
                checks.remove("broker");
            }
            return new Node(builder.start(), log, new Api(URI.create("http://127.0.0.1:" + port + "/")), base,
                    brokerUri, checks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Ready when {@code /health} is UP with the node's checks, as a script or an orchestrator
     * would trust it: the node opens its HTTP listener only once every application is deployed
     * (docs/adr/0012), so nothing answers before the API serves. ReadinessIT holds that.
     */
    private void awaitReady() {
        try {
            await("node ready: " + log).atMost(BOOT_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptionsInstanceOf(java.io.UncheckedIOException.class)
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("node exited with " + process.exitValue() + ":\n" + logTail());
                        }
                        if (failedToBoot()) {
                            throw new AssertionError("node failed to boot:\n" + logTail());
                        }
                        Reply health = api.get("health");
                        return health.status() == 200 && checks.stream().allMatch(c -> health.body().contains("\"" + c + "\""));
                    });
        } catch (ConditionTimeoutException e) {
            close();
            throw new AssertionError("node not ready after " + BOOT_TIMEOUT + ":\n" + logTail(), e);
        }
    }

    /**
     * Payara Micro keeps running when a boot command or a deployment fails, or its HTTP
     * listener did not come up ("GrizzlyProxy is NULL", seen when the listener was reconfigured
     * after boot); the log says so.
     */
    boolean failedToBoot() throws IOException {
        String text = Files.readString(log);
        return FAILED_BOOT.stream().anyMatch(text::contains) || FAILED_BOOT_COMMAND.matcher(text).find();
    }

    private static final java.util.regex.Pattern FAILED_BOOT_COMMAND = java.util.regex.Pattern.compile("Boot Command \\S+ failed");

    private static final List<String> FAILED_BOOT = List.of("Exception while loading the app",
            "Exception during lifecycle processing", "Exception [EclipseLink", "JNDI lookup failed",
            "GrizzlyProxy is NULL");

    public Api api() {
        return api;
    }

    /** The node's base directory: every job path is relative to it. */
    public Path base() {
        return base;
    }

    /** The broker the node uses: this machine's RabbitMQ, or the embedded broker of its master. */
    public String brokerUri() {
        return brokerUri;
    }

    /** The node's console log (Payara's log and SyncF's, interleaved). */
    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the node as Ctrl-C would, and waits until it has exited. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code kill -9}: the node dies at once, mid-copy if it was copying, and leaves what it left. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The health checks this node's roles bring: {@code /health} is UP with each of them once the node is ready. */
    public List<String> checks() {
        return checks;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit status of a node that has stopped: 143 for one that ended by itself on SIGTERM, 137 if killed. */
    public int exitValue() {
        return process.exitValue();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
