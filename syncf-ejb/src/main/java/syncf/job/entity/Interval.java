package syncf.job.entity;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How often a running job rescans its source, written the way Go's {@code time.Duration}
 * reads and prints it ({@code "90s"} parses, {@code "1m30s"} prints), because that is the
 * format the seed's API used and users' scripts already send.
 */
public record Interval(Duration duration) {

    public static final Duration MINIMUM = Duration.ofSeconds(1);
    /** Far beyond any sensible schedule, small enough that timers never overflow. */
    public static final Duration MAXIMUM = Duration.ofHours(100_000);

    private static final Pattern WHOLE = Pattern.compile("(?:\\d*\\.?\\d*(?:ns|us|µs|μs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d*\\.?\\d*)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, BigDecimal> NANOS_PER_UNIT = Map.of(
            "ns", BigDecimal.ONE,
            "us", BigDecimal.valueOf(1_000L),
            "µs", BigDecimal.valueOf(1_000L),
            "μs", BigDecimal.valueOf(1_000L),
            "ms", BigDecimal.valueOf(1_000_000L),
            "s", BigDecimal.valueOf(1_000_000_000L),
            "m", BigDecimal.valueOf(60_000_000_000L),
            "h", BigDecimal.valueOf(3_600_000_000_000L));
    private static final BigDecimal NANOS_PER_MILLI = BigDecimal.valueOf(1_000_000L);

    public Interval {
        Objects.requireNonNull(duration, "duration");
        if (duration.compareTo(MINIMUM) < 0) {
            throw new InvalidInterval("interval must be at least 1s, got " + format(duration));
        }
        if (duration.compareTo(MAXIMUM) > 0) {
            throw new InvalidInterval("interval must be at most " + format(MAXIMUM));
        }
        if (duration.toNanos() % 1_000_000L != 0) {
            throw new InvalidInterval("interval must be a whole number of milliseconds");
        }
    }

    public static Interval ofMillis(long millis) {
        return new Interval(Duration.ofMillis(millis));
    }

    /** Parses {@code "30s"}, {@code "5m"}, {@code "1h30m"}, {@code "1.5h"}, {@code "2500ms"}. */
    public static Interval parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInterval("interval is empty; use a duration such as \"30s\", \"5m\" or \"1h30m\"");
        }
        String trimmed = text.strip();
        if (!WHOLE.matcher(trimmed).matches()) {
            throw new InvalidInterval("interval \"" + text + "\" is not a duration; use a number with a unit"
                    + " (h, m, s, ms), such as \"30s\", \"5m\" or \"1h30m\"");
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher part = PART.matcher(trimmed);
        while (part.find()) {
            String number = part.group(1);
            if (number.isEmpty() || number.equals(".")) {
                throw new InvalidInterval("interval \"" + text + "\" has a unit without a number");
            }
            nanos = nanos.add(new BigDecimal(number).multiply(NANOS_PER_UNIT.get(part.group(2))));
            if (nanos.compareTo(BigDecimal.valueOf(MAXIMUM.toNanos())) > 0) {
                throw new InvalidInterval("interval must be at most " + format(MAXIMUM));
            }
        }
        BigDecimal[] millis = nanos.divideAndRemainder(NANOS_PER_MILLI);
        if (millis[1].signum() != 0) {
            throw new InvalidInterval("interval must be a whole number of milliseconds");
        }
        return ofMillis(millis[0].longValueExact());
    }

    public long toMillis() {
        return duration.toMillis();
    }

    /** Go's {@code Duration.String()}: {@code "5m0s"}, {@code "1h30m0s"}, {@code "1.5s"}. */
    @Override
    public String toString() {
        return format(duration);
    }

    private static String format(Duration d) {
        long hours = d.toHours();
        int minutes = d.toMinutesPart();
        int seconds = d.toSecondsPart();
        int millis = d.toMillisPart();
        StringBuilder out = new StringBuilder();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        out.append(seconds);
        if (millis > 0) {
            out.append('.').append(String.format("%03d", millis).replaceFirst("0+$", ""));
        }
        return out.append('s').toString();
    }
}
