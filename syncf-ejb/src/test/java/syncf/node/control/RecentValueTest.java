package syncf.node.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecentValueTest {

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-02T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final TestClock clock = new TestClock();
    final AtomicInteger reads = new AtomicInteger();
    final RecentValue<Integer> value = new RecentValue<>(reads::incrementAndGet, Duration.ofSeconds(1), clock);

    @Test
    void readsOnceForEveryAskWithinItsAge() {
        assertEquals(1, value.get());
        clock.now = clock.now.plusMillis(999);
        assertEquals(1, value.get());
        assertEquals(1, value.get());
        assertEquals(1, reads.get());
    }

    @Test
    void readsAgainOnceItIsThatOld() {
        assertEquals(1, value.get());
        clock.now = clock.now.plusSeconds(1);
        assertEquals(2, value.get());
        clock.now = clock.now.plusSeconds(5);
        assertEquals(3, value.get());
    }
}
