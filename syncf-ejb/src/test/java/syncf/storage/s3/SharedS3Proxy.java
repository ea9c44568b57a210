package syncf.storage.s3;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link S3ProxyServer} for every test class of a test run that asks for one:
 * {@code @ExtendWith(SharedS3Proxy.class)}, then an {@code S3ProxyServer} parameter on a test,
 * a constructor or a lifecycle method. Started on first use, stopped by JUnit at the end of
 * the run, as an AutoCloseable value of the root store. Tests share its buckets, so each
 * test names its own bucket or key prefix.
 */
public class SharedS3Proxy implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedS3Proxy.class);

    /** The run's server, started now if no test has asked for it yet. */
    public static S3ProxyServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(S3ProxyServer.class, key -> S3ProxyServer.start(), S3ProxyServer.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == S3ProxyServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }
}
