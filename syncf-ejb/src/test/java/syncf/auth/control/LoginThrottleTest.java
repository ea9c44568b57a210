package syncf.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import syncf.testing.MovingClock;

class LoginThrottleTest {

    final MovingClock clock = new MovingClock();
    final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(1), clock);

    @Test
    void aClientPastItsFailuresWaitsUntilTheOldestLeavesTheWindow() {
        throttle.failed("10.0.0.1");
        clock.advance(Duration.ofSeconds(10));
        throttle.failed("10.0.0.1");
        assertEquals(Optional.empty(), throttle.wait("10.0.0.1"), "two of three");
        throttle.failed("10.0.0.1");
        assertEquals(Optional.of(Duration.ofSeconds(50)), throttle.wait("10.0.0.1"));
        assertEquals(Optional.empty(), throttle.wait("10.0.0.2"), "another client is not held back");
        clock.advance(Duration.ofSeconds(50));
        assertEquals(Optional.empty(), throttle.wait("10.0.0.1"), "the first failure has left the window");
        throttle.failed("10.0.0.1");
        assertEquals(Optional.of(Duration.ofSeconds(10)), throttle.wait("10.0.0.1"), "the second failure is now the oldest");
    }

    @Test
    void failuresWhileThrottledDoNotExtendTheWait() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("10.0.0.1");
        }
        clock.advance(Duration.ofSeconds(59));
        assertEquals(Optional.of(Duration.ofSeconds(1)), throttle.wait("10.0.0.1"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), throttle.wait("10.0.0.1"));
    }

    @Test
    void aThrottleAllowsAtLeastOneFailure() {
        assertThrows(IllegalArgumentException.class, () -> new LoginThrottle(0, Duration.ofMinutes(1), clock));
        assertThrows(IllegalArgumentException.class, () -> new LoginThrottle(1, Duration.ZERO, clock));
    }
}
