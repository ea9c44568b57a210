package syncf.messaging.ra;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class DeliveryCountsTest {

    private final DeliveryCounts counts = new DeliveryCounts();

    @Test
    void countsEachMessageByItsContent() {
        String a = DeliveryCounts.keyOf(null, "a".getBytes(UTF_8));
        String b = DeliveryCounts.keyOf(null, "b".getBytes(UTF_8));
        assertEquals(1, counts.count(a, null));
        assertEquals(2, counts.count(a, null));
        assertEquals(1, counts.count(b, null));
        counts.forget(a);
        assertEquals(1, counts.count(a, null));
        assertNotEquals(a, DeliveryCounts.keyOf("id-1", "a".getBytes(UTF_8)), "the message id tells equal bodies apart");
    }

    @Test
    void takesTheQuorumQueuesCountWhenItIsLarger() {
        String key = DeliveryCounts.keyOf(null, "q".getBytes(UTF_8));
        // x-delivery-count counts redeliveries from 0: 4 means this is the fifth delivery
        assertEquals(5, counts.count(key, 4L));
        assertEquals(2, counts.count(key, "not a number"));
    }

    @Test
    void forgetsTheOldestMessagesBeyondItsCapacity() {
        for (int i = 0; i < DeliveryCounts.CAPACITY + 500; i++) {
            counts.count(DeliveryCounts.keyOf(null, ("m" + i).getBytes(UTF_8)), null);
        }
        assertEquals(DeliveryCounts.CAPACITY, counts.size());
        assertEquals(1, counts.count(DeliveryCounts.keyOf(null, "m0".getBytes(UTF_8)), null), "the oldest went first");
    }
}
