package syncf.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One node ({@code ./syncf start}) shared by every test class of a failsafe run: booting
 * Payara Micro costs 15-20 s, a test class should not. Resolves {@link Node}, {@link Api}
 * and {@link Database} parameters; stops the node and drops its database at the end.
 */
public class SharedNode implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedNode.class);

    /** Closed by JUnit at the end of the run, as an AutoCloseable value of the root store. */
    record Running(Node node, Database database) implements AutoCloseable {

        static Running start() {
            try {
                Path workDir = Files.createDirectories(Path.of("target", "nodes"))
                        .resolve(System.getProperty("syncf.it.db", "sqlite") + "-" + System.currentTimeMillis());
                Files.createDirectories(workDir);
                Database database = Database.forRun(workDir.toAbsolutePath());
                return new Running(Node.start(workDir.toAbsolutePath(), database, "start"), database);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                node.close();
            } finally {
                database.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Node.class || type == Api.class || type == Database.class;
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
        return running.database();
    }
}
