package syncf.broker.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the embedded broker accepts connections on its port. Reads this application's
 * configuration itself rather than injecting the broker bean: Payara may create a health
 * check in another application's context when several run in one server.
 */
@Readiness
@ApplicationScoped
public class BrokerHealth implements HealthCheck {

    private static final int TIMEOUT_MILLIS = 2000;

    @Override
    public HealthCheckResponse call() {
        Config config = ConfigProvider.getConfig(BrokerHealth.class.getClassLoader());
        String host = config.getOptionalValue("syncf.broker.bind-address", String.class).orElse("127.0.0.1");
        int port = config.getOptionalValue("syncf.broker.port", Integer.class).orElse(5673);
        String address = host + ":" + port;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            return HealthCheckResponse.named("broker").up().withData("amqp", address).build();
        } catch (IOException e) {
            return HealthCheckResponse.named("broker").down().withData("amqp", address)
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
