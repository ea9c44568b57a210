package syncf.broker.boundary;

import static java.lang.System.Logger.Level.INFO;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.server.SystemLauncher;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * An AMQP 0-9-1 broker inside the node, for the embedded defaults: Apache Qpid Broker-J, which
 * the RabbitMQ JMS client talks to as to RabbitMQ (no selectors; SyncF uses none). Messages
 * live in memory: the database is the source of truth, and the master re-publishes the tasks a
 * lost broker took with it. Users who outgrow one machine point {@code SYNCF_MQ_URL} at a
 * RabbitMQ cluster instead, and this application is not deployed.
 */
@Startup
@Singleton
public class EmbeddedBroker {

    private static final System.Logger LOG = System.getLogger(EmbeddedBroker.class.getName());

    @Inject
    @ConfigProperty(name = "syncf.broker.port", defaultValue = "5673")
    int port;

    @Inject
    @ConfigProperty(name = "syncf.broker.bind-address", defaultValue = "127.0.0.1")
    String bindAddress;

    @Inject
    @ConfigProperty(name = "syncf.broker.user", defaultValue = "guest")
    String user;

    @Inject
    @ConfigProperty(name = "syncf.broker.password", defaultValue = "guest")
    String password;

    private SystemLauncher launcher;

    @PostConstruct
    void start() {
        // Qpid resolves ${...} in its initial configuration from system properties
        System.setProperty("syncf.broker.port", Integer.toString(port));
        System.setProperty("syncf.broker.bind-address", bindAddress);
        System.setProperty("syncf.broker.user", user);
        System.setProperty("syncf.broker.password", password);
        ClassLoader loader = EmbeddedBroker.class.getClassLoader();
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("type", "Memory");
        attributes.put("startupLoggedToSystemOut", false);
        attributes.put("qpid.work_dir", Path.of(System.getProperty("java.io.tmpdir"), "syncf-broker-" + port).toString());
        // real URLs: Qpid's default "classpath:" URLs only open from the system class loader
        attributes.put("initialConfigurationLocation", loader.getResource("qpid-initial-config.json").toExternalForm());
        attributes.put("initialSystemPropertiesLocation", loader.getResource("qpid-system.properties").toExternalForm());
        long started = System.nanoTime();
        launcher = new SystemLauncher();
        try {
            launcher.startup(attributes);
        } catch (Exception e) {
            throw new IllegalStateException("the embedded broker cannot start on " + bindAddress + ":" + port, e);
        }
        LOG.log(INFO, "Embedded broker listening on amqp://{0}:{1,number,#} ({2} ms)", bindAddress, port,
                (System.nanoTime() - started) / 1_000_000);
    }

    @PreDestroy
    void stop() {
        if (launcher != null) {
            launcher.shutdown();
        }
    }
}
