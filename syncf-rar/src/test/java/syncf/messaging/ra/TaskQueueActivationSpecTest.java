package syncf.messaging.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.resource.spi.InvalidPropertyException;
import org.junit.jupiter.api.Test;

class TaskQueueActivationSpecTest {

    private final TaskQueueActivationSpec spec = new TaskQueueActivationSpec();

    @Test
    void defaultsToTwoSessionsAPrefetchOfOneThreeDeliveriesAndSixteenMebibytes() throws Exception {
        spec.setDestination("syncf.tasks");
        spec.validate();
        assertEquals(new TaskQueueActivationSpec.QueueSettings("syncf.tasks", 2, 1, 3, 16 * 1024 * 1024), spec.snapshot());
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
    void leavesRoomForTheDeadLetterQueueName() throws Exception {
        spec.setDestination("q".repeat(251));
        assertThrows(InvalidPropertyException.class, spec::validate, "251 bytes and .dead exceed 255");
        spec.setDestination("q".repeat(250));
        spec.validate();
        assertEquals("q".repeat(250) + ".dead", QueueActivation.deadLetterQueueOf(spec.snapshot().destination()));
    }

    @Test
    void limitsMaxDeliveriesToOneThroughAHundred() throws Exception {
        spec.setDestination("syncf.tasks");
        for (Integer invalid : new Integer[] {null, 0, -1, 101}) {
            spec.setMaxDeliveries(invalid);
            assertThrows(InvalidPropertyException.class, spec::validate, "maxDeliveries " + invalid);
        }
        spec.setMaxDeliveries(1);
        spec.validate();
        spec.setMaxDeliveries(100);
        spec.validate();
        assertEquals(100, spec.snapshot().maxDeliveries());
    }

    @Test
    void limitsMaxMessageBytesToWhatRabbitMqCarries() throws Exception {
        spec.setDestination("syncf.tasks");
        for (Integer invalid : new Integer[] {null, 0, -1, 512 * 1024 * 1024 + 1}) {
            spec.setMaxMessageBytes(invalid);
            assertThrows(InvalidPropertyException.class, spec::validate, "maxMessageBytes " + invalid);
        }
        spec.setMaxMessageBytes(1024);
        spec.validate();
        assertEquals(1024, spec.snapshot().maxMessageBytes());
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
