package syncf.messaging.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.resource.spi.ResourceAdapterInternalException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncfResourceAdapterTest {

    private final SyncfResourceAdapter adapter = new SyncfResourceAdapter();

    @Test
    void defaultsToTheLocalBroker() {
        assertEquals("amqp://guest:guest@127.0.0.1:5672/%2F", adapter.getUri());
    }

    @Test
    void refusesToStartWithAnUnusableUri() {
        for (String uri : new String[] {null, "", "http://127.0.0.1:5672/", "amqp://", "amqp://bad host/"}) {
            adapter.setUri(uri);
            assertThrows(ResourceAdapterInternalException.class, () -> adapter.start(new TestBootstrap()), uri);
        }
    }

    @Test
    void refusesActivationsBeforeStart() {
        TaskQueueActivationSpec spec = new TaskQueueActivationSpec();
        spec.setDestination("syncf.tasks");
        assertThrows(jakarta.resource.spi.IllegalStateException.class,
                () -> adapter.endpointActivation(RecordingEndpoints.accepting(), spec));
    }

    @Test
    void refusesAnInvalidActivationSpec() throws Exception {
        TestBootstrap bootstrap = new TestBootstrap();
        adapter.start(bootstrap);
        try {
            TaskQueueActivationSpec spec = new TaskQueueActivationSpec();
            assertThrows(jakarta.resource.spi.InvalidPropertyException.class,
                    () -> adapter.endpointActivation(RecordingEndpoints.accepting(), spec));
            assertEquals(0, bootstrap.workStarted());
        } finally {
            adapter.stop();
        }
    }

    @Test
    void logsUrisWithoutThePassword() {
        assertEquals("amqp://syncf:***@mq.example:5672/%2F",
                SyncfResourceAdapter.redacted("amqp://syncf:s3cr:et@mq.example:5672/%2F"));
        assertEquals("amqp://mq.example/", SyncfResourceAdapter.redacted("amqp://mq.example/"));
    }

    @Test
    void backsOffExponentiallyUpToTenSeconds() {
        List<Long> delays = new ArrayList<>();
        Duration delay = QueueActivation.FIRST_RETRY;
        for (int i = 0; i < 7; i++) {
            delays.add(delay.toMillis());
            delay = QueueActivation.nextDelay(delay);
        }
        assertEquals(List.of(500L, 1_000L, 2_000L, 4_000L, 8_000L, 10_000L, 10_000L), delays);
    }
}
