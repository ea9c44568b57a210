package syncf.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One node ({@code ./syncf start}) shared by every test class of a failsafe run: booting
 * Payara Micro costs 15-20 s, a test class should not. Resolves {@link Node}, {@link Api},
 * {@link Database} and {@link S3Store} parameters. The S3 store starts first and the node
 * gets its endpoint, keys and buckets ({@link S3Store#env()}), and a JMX connector on a port of
 * the run ({@link Jmx}); at the end the node stops,
 * its database is dropped, then the S3 store stops.
 */
public class SharedNode implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedNode.class);

    /** Closed by JUnit at the end of the run, as an AutoCloseable value of the root store. */
    record Running(S3Store s3, Node node, Database database, Jmx jmx) implements AutoCloseable {

        static Running start() {
            S3Store s3 = S3Store.start();
            try {
                Path workDir = Files.createDirectories(Path.of("target", "nodes"))
                        .resolve(System.getProperty("syncf.it.db", "sqlite") + "-" + System.currentTimeMillis());
                Files.createDirectories(workDir);
                Database database = Database.forRun(workDir.toAbsolutePath());
                Jmx jmx = Jmx.onFreePort();
                Map<String, String> settings = new HashMap<>(s3.env());
                settings.putAll(jmx.env());
                return new Running(s3, Node.start(workDir.toAbsolutePath(), database, settings, "start"), database, jmx);
            } catch (IOException e) {
                s3.close();
                throw new UncheckedIOException(e);
            } catch (RuntimeException | Error e) {
                s3.close();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                node.close();
            } finally {
                try {
                    database.close();
                } finally {
                    s3.close();
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Node.class || type == Api.class || type == Database.class || type == S3Store.class
                || type == Jmx.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class);
        Class<?> type = parameter.getParameter().getType();
        if (type == Node.class) {
            return running.node();
        }
        if (type == Api.class) {
            return running.node().api();
        }
        if (type == S3Store.class) {
            return running.s3();
        }
        if (type == Jmx.class) {
            return running.jmx();
        }
        return running.database();
    }
}
