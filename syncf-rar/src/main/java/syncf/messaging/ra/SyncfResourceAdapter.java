package syncf.messaging.ra;

import static java.lang.System.Logger.Level.INFO;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.transaction.xa.XAResource;

/**
 * The resource adapter bean: one broker URI for the whole server, one {@link QueueActivation} per
 * message-driven bean. Configured on Payara with
 * {@code create-resource-adapter-config --property Uri=amqp\://user\:pass@host\:5672/%2F syncf-rar}.
 */
public class SyncfResourceAdapter implements ResourceAdapter {

    static final String DEFAULT_URI = "amqp://guest:guest@127.0.0.1:5672/%2F";
    private static final System.Logger LOG = System.getLogger(SyncfResourceAdapter.class.getName());

    private final Map<MessageEndpointFactory, QueueActivation> activations = new ConcurrentHashMap<>();
    private String uri = DEFAULT_URI;
    private volatile WorkManager workManager;

    public String getUri() {
        return uri;
    }

    public void setUri(String uri) {
        this.uri = uri;
    }

    @Override
    public void start(BootstrapContext context) throws ResourceAdapterInternalException {
        try {
            validateUri(uri);
        } catch (InvalidPropertyException e) {
            throw new ResourceAdapterInternalException(e.getMessage(), e);
        }
        workManager = Objects.requireNonNull(context.getWorkManager(), "workManager");
        LOG.log(INFO, "SyncF resource adapter started for broker {0}", redacted(uri));
    }

    @Override
    public void stop() {
        List<QueueActivation> running = new ArrayList<>(activations.values());
        activations.clear();
        running.forEach(QueueActivation::stop);
        workManager = null;
        LOG.log(INFO, "SyncF resource adapter stopped ({0} activations ended)", running.size());
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof TaskQueueActivationSpec)) {
            throw new jakarta.resource.NotSupportedException("Unsupported activation spec " + spec);
        }
        WorkManager work = workManager;
        if (work == null) {
            throw new jakarta.resource.spi.IllegalStateException("Resource adapter is not started");
        }
        TaskQueueActivationSpec queueSpec = (TaskQueueActivationSpec) spec;
        queueSpec.validate();
        QueueActivation activation = new QueueActivation(uri, queueSpec.snapshot(), factory);
        if (activations.putIfAbsent(factory, activation) != null) {
            throw new jakarta.resource.spi.IllegalStateException("Endpoint already active: " + factory);
        }
        try {
            work.scheduleWork(activation, WorkManager.INDEFINITE, null, null);
        } catch (WorkException e) {
            activations.remove(factory);
            throw e;
        }
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        QueueActivation activation = activations.remove(factory);
        if (activation != null) {
            activation.stop();
        }
    }

    /** No XA: RabbitMQ has no distributed transactions, so delivery is at-least-once instead. */
    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    /** The running activations; package-private for tests. */
    Map<MessageEndpointFactory, QueueActivation> activations() {
        return Map.copyOf(activations);
    }

    static void validateUri(String uri) throws InvalidPropertyException {
        if (uri == null || uri.isBlank()) {
            throw new InvalidPropertyException("Uri is required, for example " + DEFAULT_URI);
        }
        try {
            URI parsed = new URI(uri);
            if (!"amqp".equals(parsed.getScheme()) && !"amqps".equals(parsed.getScheme()) || parsed.getHost() == null) {
                throw new InvalidPropertyException("Uri must look like amqp://user:password@host:port/vhost: " + redacted(uri));
            }
        } catch (URISyntaxException e) {
            throw new InvalidPropertyException("Uri is malformed: " + e.getReason());
        }
    }

    /** The URI without its password, for logs. */
    static String redacted(String uri) {
        return uri == null ? null : uri.replaceFirst("^([a-z]+://[^:/@]*:)[^@/]*@", "$1***@");
    }

    /** Configuration equality, as the connector specification asks of resource adapter beans. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SyncfResourceAdapter && Objects.equals(uri, ((SyncfResourceAdapter) other).uri);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(uri);
    }
}
