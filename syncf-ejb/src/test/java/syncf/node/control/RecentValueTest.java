package syncf.node.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import syncf.testing.MovingClock;

class RecentValueTest {

    final MovingClock clock = new MovingClock();
    final AtomicInteger reads = new AtomicInteger();
    final RecentValue<Integer> value = new RecentValue<>(reads::incrementAndGet, Duration.ofSeconds(1), clock);

    @Test
    void readsOnceForEveryAskWithinItsAge() {
        assertEquals(1, value.get());
        clock.advance(Duration.ofMillis(999));
        assertEquals(1, value.get());
        assertEquals(1, value.get());
        assertEquals(1, reads.get());
    }

    @Test
    void readsAgainOnceItIsThatOld() {
        assertEquals(1, value.get());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(2, value.get());
        clock.advance(Duration.ofSeconds(5));
        assertEquals(3, value.get());
    }
}
