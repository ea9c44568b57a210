package syncf.storage.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for tests: S3Proxy ({@code org.gaul:s3proxy} jar-with-dependencies, which
 * the build copies into {@code target/s3proxy/}) as an OS process of its own, on a free
 * 127.0.0.1 port, with the jclouds filesystem backend in a data directory of its own and real
 * SigV4 checks against keys made for this server only. A separate process rather than
 * S3Proxy's in-JVM JUnit extension: that one puts 170 jars (Jetty 12, Jackson 3, the GCS and
 * Azure SDKs) on the test class path (shared/spikes/s3, section 2).
 *
 * <p>Each server gets {@code target/s3proxy/run-<time>-<n>/} next to the jar:
 * {@code s3proxy.conf}, {@code s3proxy.log} (its console) and {@code data/} (one directory per
 * bucket, object metadata in user xattrs). {@link #close()} stops exactly this process.
 */
public final class S3ProxyServer implements AutoCloseable {

    /** The system property naming the jar; the poms set it, see the parent's {@code s3proxy.jar}. */
    public static final String JAR_PROPERTY = "syncf.s3proxy.jar";
    /** S3Proxy accepts any region in a signature; this is the one the SDK and the node are given. */
    public static final String REGION = "us-east-1";

    /** 0.8 s on an idle machine (the spike); generous for 2 cores shared by several builds. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("syncf.s3proxy.ready-seconds", 30));
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path jar;
    private volatile Process process;
    private int starts = 1;
    private final Path directory;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final Thread killOnExit;
    private S3Client client;

    private S3ProxyServer(Path jar, Process process, Path directory, URI endpoint, String accessKey, String secretKey) {
        this.jar = jar;
        this.process = process;
        this.directory = directory;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        // a test JVM that ends without closing (Ctrl-C, a fork timeout) must not leave the server behind
        this.killOnExit = new Thread(() -> this.process.destroyForcibly(), "s3proxy-" + process.pid() + "-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts a server with the jar the build put in place ({@value #JAR_PROPERTY}). */
    public static S3ProxyServer start() {
        return start(jar());
    }

    /** Starts a server from {@code jar}, in a new directory beside it; returns once it answers. */
    public static S3ProxyServer start(Path jar) {
        try {
            Path directory = newRunDirectory(jar.toAbsolutePath().getParent());
            Path data = Files.createDirectories(directory.resolve("data"));
            requireUserXattrs(data);
            String accessKey = "syncf-test-" + hex(6);
            String secretKey = hex(20);
            // the port is free when asked for, not necessarily when S3Proxy binds it: try again then
            IllegalStateException failure = null;
            for (int attempt = 1; attempt <= 3; attempt++) {
                int port = freePort();
                URI endpoint = URI.create("http://127.0.0.1:" + port);
                Path conf = directory.resolve("s3proxy.conf");
                Files.writeString(conf, String.join("\n",
                        "s3proxy.endpoint=" + endpoint,
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + accessKey,
                        "s3proxy.credential=" + secretKey,
                        "jclouds.provider=filesystem",
                        "jclouds.filesystem.basedir=" + data,
                        ""), StandardCharsets.UTF_8);
                Path log = directory.resolve(attempt == 1 ? "s3proxy.log" : "s3proxy-" + attempt + ".log");
                S3ProxyServer server = new S3ProxyServer(jar, launch(jar, directory, log).start(), directory, endpoint,
                        accessKey, secretKey);
                try {
                    server.awaitReady(log);
                    return server;
                } catch (IllegalStateException e) {
                    server.close();
                    failure = e;
                    if (!tail(log).contains("Address already in use")) {
                        break;
                    }
                }
            }
            throw failure;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ProcessBuilder launch(Path jar, Path directory, Path log) {
        ProcessBuilder builder = new ProcessBuilder(javaCommand(), "-Xmx256m", "-jar", jar.toString(),
                "--properties", directory.resolve("s3proxy.conf").toString())
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // S3Proxy's logback reads LOG_LEVEL; settings of the caller's own (AWS_*, S3PROXY_*) stay out
        builder.environment().keySet().removeIf(key -> key.startsWith("S3PROXY_") || key.startsWith("JCLOUDS_")
                || key.startsWith("AWS_"));
        builder.environment().put("LOG_LEVEL", "info");
        return builder;
    }

    /**
     * Stops the server's process and keeps everything else: the store is down (its port refuses
     * connections) until {@link #startAgain()}, as a store restarted by its operator.
     */
    public synchronized void stop() {
        destroy(process);
    }

    /** Starts the server again after {@link #stop()}: the same port, keys and data; returns once it answers. */
    public synchronized void startAgain() {
        if (process.isAlive()) {
            throw new IllegalStateException(this + " is running");
        }
        Path log = directory.resolve("s3proxy-start-" + ++starts + ".log");
        try {
            process = launch(jar, directory, log).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady(log);
    }

    private static void destroy(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Where the build put the jar: the property the poms set, else this module's {@code target/s3proxy/}. */
    static Path jar() {
        String configured = System.getProperty(JAR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path jar = Path.of(configured);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no S3Proxy jar at " + jar + " (" + JAR_PROPERTY
                        + "): the build's s3proxy execution of maven-dependency-plugin copies it there");
            }
            return jar;
        }
        Path dir = Path.of("target", "s3proxy");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "s3proxy-*-jar-with-dependencies.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        } catch (IOException e) {
            // no directory: the message below says what to do
        }
        throw new IllegalStateException("no S3Proxy jar: set " + JAR_PROPERTY + " or build the module with"
                + " ./mvnw, whose s3proxy execution copies it into " + dir.toAbsolutePath());
    }

    private static Path newRunDirectory(Path parent) throws IOException {
        String stamp = Instant.now().toString().replace(":", "").replace(".", "-");
        for (int n = 1; ; n++) {
            Path candidate = parent.resolve("run-" + stamp + "-" + n);
            try {
                return Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException taken) {
                // another server of this second, e.g. one per test JVM: take the next number
            }
        }
    }

    /**
     * The filesystem backend keeps object metadata (content type, user metadata, the SHA-256
     * checksum) in {@code user.*} xattrs; without them it fails on the first PUT, far from the
     * cause. ext4 and xfs have them; tmpfs and some overlay set-ups do not.
     */
    private static void requireUserXattrs(Path data) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(data, UserDefinedFileAttributeView.class);
        try {
            if (view == null) {
                throw new IOException("no user-defined attribute view");
            }
            view.write("syncf-check", ByteBuffer.wrap(new byte[] {1}));
            view.delete("syncf-check");
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("S3Proxy's filesystem backend needs user xattrs, which the filesystem of "
                    + data + " does not allow (" + e + "); build on ext4 or xfs", e);
        }
    }

    /** Ready when {@code GET /} answers 403: it serves, and refuses an unsigned request as it must. */
    private void awaitReady(Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/")).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + " before it answered on "
                        + endpoint + "; " + log + " ends:\n" + tail(log));
            }
            try {
                int status = http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 403) {
                    return;
                }
                last = "HTTP " + status + " (403 expected: is authorization off?)";
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while S3Proxy started", e);
            }
            pause();
        }
        throw new IllegalStateException("S3Proxy (pid " + process.pid() + ") did not answer on " + endpoint + " within "
                + READY_TIMEOUT.toSeconds() + " s (last: " + last + "); " + log + " ends:\n" + tail(log));
    }

    /** The poll interval of {@link #awaitReady}: short, since it is ready in about a second. */
    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while S3Proxy started", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, for the SDK's endpoint override and {@code AWS_ENDPOINT_URL_S3}. */
    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public String region() {
        return REGION;
    }

    /** The directory of this server: its configuration, log and {@code data/}. */
    public Path directory() {
        return directory;
    }

    /** Where the buckets are: bucket {@code b}'s objects are files under {@code data/b/}. */
    public Path dataDirectory() {
        return directory.resolve("data");
    }

    public long pid() {
        return process.pid();
    }

    /**
     * A client set up as the spike found works everywhere: path-style addressing (no DNS for
     * {@code bucket.127.0.0.1}), the Apache 5 HTTP client (named, so another client on the class
     * path changes nothing), and checksums only when an operation
     * requires them; tests that want {@code x-amz-checksum-sha256} send it themselves, as the
     * backend does. One per server, thread-safe, closed with the server.
     */
    public synchronized S3Client client() {
        if (client == null) {
            client = S3Client.builder()
                    .endpointOverride(endpoint)
                    .httpClientBuilder(Apache5HttpClient.builder())
                    .region(Region.of(REGION))
                    .forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .build();
        }
        return client;
    }

    /** Creates {@code bucket} (a directory under {@link #dataDirectory()}) and returns its name. */
    public String createBucket(String bucket) {
        client().createBucket(request -> request.bucket(bucket));
        return bucket;
    }

    /** The last lines of the server's console log. */
    public String logTail() {
        return tail(directory.resolve("s3proxy.log"));
    }

    /** Stops this server's process (SIGTERM, then SIGKILL after 10 s) and waits until it has exited. */
    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        destroy(process);
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // closed by a shutdown hook itself: the hook runs anyway, harmlessly
        }
    }

    @Override
    public String toString() {
        return "S3Proxy pid " + process.pid() + " on " + endpoint + " in " + directory;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
