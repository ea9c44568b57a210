package syncf.scan.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetakeRuleTest {

    static final Instant FAILED = Instant.parse("2026-12-01T12:00:00Z");
    static final Duration MINUTE = Duration.ofMinutes(1);
    final RetakeRule rule = new RetakeRule(Duration.ofMinutes(10));

    @Test
    void theFirstFailureIsTakenAgainOneIntervalLater() {
        assertEquals(FAILED.plus(MINUTE), rule.dueAt(FAILED, 0, MINUTE));
    }

    @Test
    void eachFurtherFailureDoublesTheWaitUpToTheCap() {
        List<Duration> waits = IntStream.range(0, 8)
                .mapToObj(n -> Duration.between(FAILED, rule.dueAt(FAILED, n, MINUTE))).toList();
        assertEquals(List.of(1L, 2L, 4L, 8L, 10L, 10L, 10L, 10L), waits.stream().map(Duration::toMinutes).toList());
    }

    @Test
    void anIntervalLongerThanTheCapIsTheWait() {
        Duration day = Duration.ofDays(1);
        assertEquals(FAILED.plus(day), rule.dueAt(FAILED, 0, day));
        assertEquals(FAILED.plus(day), rule.dueAt(FAILED, 12, day), "never sooner than the next scan, never later");
    }

    @Test
    void manyFailuresNeitherOverflowNorPassTheCap() {
        assertEquals(FAILED.plus(Duration.ofMinutes(10)), rule.dueAt(FAILED, Integer.MAX_VALUE, MINUTE));
        assertEquals(FAILED.plus(Duration.ofMinutes(10)), rule.dueAt(FAILED, 64, Duration.ofSeconds(7)));
    }

    @Test
    void aScanTakesTheFileAgainOnlyOnceItsTimeHasCome() {
        assertFalse(rule.isDue(FAILED, FAILED, 0, MINUTE), "not in the scan that sees the failure first");
        assertFalse(rule.isDue(FAILED.plusSeconds(59), FAILED, 0, MINUTE));
        assertTrue(rule.isDue(FAILED.plusSeconds(60), FAILED, 0, MINUTE));
        assertFalse(rule.isDue(FAILED.plusSeconds(60), FAILED, 1, MINUTE), "the second failure waits two intervals");
        assertTrue(rule.isDue(FAILED.plusSeconds(120), FAILED, 1, MINUTE));
    }

    @Test
    void aZeroCapMeansEveryIntervalAndBadArgumentsAreRefused() {
        RetakeRule everyScan = new RetakeRule(Duration.ZERO);
        assertEquals(FAILED.plus(MINUTE), everyScan.dueAt(FAILED, 5, MINUTE));
        assertThrows(IllegalArgumentException.class, () -> new RetakeRule(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> rule.dueAt(FAILED, -1, MINUTE));
        assertThrows(IllegalArgumentException.class, () -> rule.dueAt(FAILED, 0, Duration.ZERO));
    }
}
