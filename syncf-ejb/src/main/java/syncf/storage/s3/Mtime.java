package syncf.storage.s3;

import java.math.BigDecimal;
import java.util.OptionalLong;

/**
 * The modification time as the object metadata {@code mtime} holds it: seconds since the epoch
 * as a decimal ({@code 1700000000.123}), the form rclone writes and reads ({@code X-Amz-Meta-Mtime}),
 * so that objects one tool wrote keep their times when the other reads them. ASCII only, as
 * S3Proxy requires of metadata.
 */
final class Mtime {

    /** A whole number at least this large is milliseconds, as SyncF wrote them at first: seconds would be past the year 5000. */
    private static final long MILLIS_FROM = 100_000_000_000L;

    private Mtime() {
    }

    static String text(long epochMillis) {
        return BigDecimal.valueOf(epochMillis, 3).toPlainString();
    }

    /** Epoch milliseconds; empty when the text is not a time (written by someone else). */
    static OptionalLong parse(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        try {
            BigDecimal value = new BigDecimal(text.strip());
            if (value.scale() <= 0 && value.abs().compareTo(BigDecimal.valueOf(MILLIS_FROM)) >= 0) {
                return OptionalLong.of(value.longValueExact());
            }
            return OptionalLong.of(value.movePointRight(3).setScale(0, java.math.RoundingMode.FLOOR).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            return OptionalLong.empty();
        }
    }
}
