package syncf.job.boundary;

/** The {@code percent} beside each {@code progress}: the same figure, 0 to 100, for people and pages. */
final class Percent {

    private Percent() {
    }

    static double of(double fraction) {
        return Math.round(fraction * 10_000) / 100.0;
    }
}
