package syncf.messaging.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.resource.spi.InvalidPropertyException;
import org.junit.jupiter.api.Test;

class TaskQueueActivationSpecTest {

    private final TaskQueueActivationSpec spec = new TaskQueueActivationSpec();

    @Test
    void defaultsToTwoSessionsAndAPrefetchOfOne() throws Exception {
        spec.setDestination("syncf.tasks");
        spec.validate();
        assertEquals(new TaskQueueActivationSpec.QueueSettings("syncf.tasks", 2, 1), spec.snapshot());
    }

    @Test
    void requiresADestination() {
        assertThrows(InvalidPropertyException.class, spec::validate);
        spec.setDestination("  ");
        assertThrows(InvalidPropertyException.class, spec::validate);
    }

    @Test
    void rejectsQueueNamesRabbitMqWouldRefuse() {
        spec.setDestination("amq.tasks");
        assertThrows(InvalidPropertyException.class, spec::validate);
        spec.setDestination(" syncf.tasks");
        assertThrows(InvalidPropertyException.class, spec::validate);
        spec.setDestination("q".repeat(256));
        assertThrows(InvalidPropertyException.class, spec::validate);
    }

    @Test
    void rejectsTopics() {
        spec.setDestination("syncf.tasks");
        spec.setDestinationType("jakarta.jms.Topic");
        assertThrows(InvalidPropertyException.class, spec::validate);
    }

    @Test
    void limitsMaxSessionsToOneThroughSixtyFour() throws Exception {
        spec.setDestination("syncf.tasks");
        for (Integer invalid : new Integer[] {null, 0, -1, 65}) {
            spec.setMaxSessions(invalid);
            assertThrows(InvalidPropertyException.class, spec::validate, "maxSessions " + invalid);
        }
        spec.setMaxSessions(64);
        spec.validate();
        spec.setMaxSessions(1);
        spec.validate();
    }

    @Test
    void requiresAPositivePrefetch() throws Exception {
        spec.setDestination("syncf.tasks");
        for (Integer invalid : new Integer[] {null, 0, -5, 65_536}) {
            spec.setPrefetch(invalid);
            assertThrows(InvalidPropertyException.class, spec::validate, "prefetch " + invalid);
        }
        spec.setPrefetch(10);
        spec.validate();
        assertEquals(10, spec.snapshot().prefetch());
    }
}
