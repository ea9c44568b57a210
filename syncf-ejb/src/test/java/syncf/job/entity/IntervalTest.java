package syncf.job.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IntervalTest {

    @ParameterizedTest
    @CsvSource({
        "5m, 5m0s, 300000",
        "30s, 30s, 30000",
        "1h30m, 1h30m0s, 5400000",
        "1h, 1h0m0s, 3600000",
        "90s, 1m30s, 90000",
        "1.5h, 1h30m0s, 5400000",
        "2500ms, 2.5s, 2500",
        "1s, 1s, 1000",
        "1m0.25s, 1m0.25s, 60250",
        "1000000us, 1s, 1000",
        "24h, 24h0m0s, 86400000",
        "' 10s ', 10s, 10000",
    })
    void parsesGoDurationsAndPrintsThemTheWayGoDoes(String text, String printed, long millis) {
        Interval interval = Interval.parse(text);
        assertEquals(printed, interval.toString());
        assertEquals(millis, interval.toMillis());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "5", "5 m", "m", "5min", "-5m", "1d", "abc", "5m!", ".s", "1e3s", "0x10s"})
    void rejectsWhatIsNotADuration(String text) {
        assertThrows(InvalidInterval.class, () -> Interval.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "999ms", "0.5s", "500000us"})
    void rejectsIntervalsBelowOneSecond(String text) {
        InvalidInterval error = assertThrows(InvalidInterval.class, () -> Interval.parse(text));
        assertTrue(error.getMessage().contains("at least 1s"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"100001h", "99999999999999999999h"})
    void rejectsIntervalsTooLongForATimer(String text) {
        InvalidInterval error = assertThrows(InvalidInterval.class, () -> Interval.parse(text));
        assertTrue(error.getMessage().contains("at most"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1s1ns", "1.0000001s"})
    void rejectsSubMillisecondPrecision(String text) {
        assertThrows(InvalidInterval.class, () -> Interval.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " "})
    void nullAndBlankSayTheIntervalIsEmpty(String text) {
        assertTrue(assertThrows(InvalidInterval.class, () -> Interval.parse(text)).getMessage().contains("empty"));
        assertTrue(assertThrows(InvalidInterval.class, () -> Interval.parse(null)).getMessage().contains("empty"));
    }
}
