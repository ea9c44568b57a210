package syncf.transfer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PaceTest {

    static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    final AtomicLong clock = new AtomicLong(1_000 * SECOND);

    @Test
    void aStreamAheadOfItsLimitWaitsUntilItsBytesAreDue() {
        Pace pace = new Pace(10, clock::get);
        clock.addAndGet(SECOND / 2);
        assertEquals(SECOND / 2, pace.nanosAhead(10), "10 bytes at 10 B/s are due after 1 s");
    }

    @Test
    void aStalledStreamCatchesUpByAtMostOneSecondAtFullSpeed() {
        Pace pace = new Pace(10, clock::get);
        clock.addAndGet(60 * SECOND); // a stall of a minute: 600 bytes would be due
        assertEquals(-SECOND, pace.nanosAhead(10), "behind, but credited one second only");
        assertEquals(0, pace.nanosAhead(20), "one second of catch-up: 10 more bytes at once");
        assertEquals(SECOND, pace.nanosAhead(30), "then the limit again, not 590 bytes of burst");
    }

    @Test
    void aLargeStreamIsPacedWithoutOverflow() {
        Pace pace = new Pace(1L << 30, clock::get);
        assertEquals(16 * SECOND, pace.nanosAhead(16L << 30), "16 GiB at 1 GiB/s");
    }

    @Test
    void noLimitNeverWaits() {
        Pace pace = new Pace(0, clock::get);
        assertEquals(0, pace.nanosAhead(1L << 40));
    }
}
