package syncf.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MtimeTest {

    @Test
    void writesSecondsAsRcloneDoesAndReadsRclonesSyncFsAndNothingElse() {
        assertEquals("1700000000.123", Mtime.text(1_700_000_000_123L));
        assertEquals("0.007", Mtime.text(7));
        assertEquals(OptionalLong.of(1_700_000_000_123L), Mtime.parse("1700000000.123"));
        assertEquals(OptionalLong.of(1_700_000_000_123L), Mtime.parse("1700000000.123456789"), "rclone's nanoseconds");
        assertEquals(OptionalLong.of(1_700_000_000_000L), Mtime.parse("1700000000"), "whole seconds");
        assertEquals(OptionalLong.of(1_700_000_000_123L), Mtime.parse("1700000000123"), "milliseconds, as SyncF wrote at first");
        assertEquals(OptionalLong.empty(), Mtime.parse("yesterday"));
        assertEquals(OptionalLong.empty(), Mtime.parse(null));
    }
}
