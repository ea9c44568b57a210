package syncf.auth.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed logins per client address: past {@code limit} failures within {@code window}, a client
 * is refused without a check until its oldest failure leaves the window, so that a guesser gets
 * {@code limit} tries per window whatever its speed. Remembers a bounded number of clients (the
 * least recently failed are forgotten first), so a flood of addresses cannot fill the heap.
 */
public final class LoginThrottle {

    private static final int CLIENTS = 10_000;

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > CLIENTS;
        }
    };

    public LoginThrottle(int limit, Duration window, Clock clock) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a throttle allows at least one failure in a positive window");
        }
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** How long {@code client} must wait before its next try, or empty if it may try now. */
    public synchronized Optional<Duration> wait(String client) {
        Deque<Instant> times = recent(client);
        if (times == null || times.size() < limit) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), times.peekFirst().plus(window));
        return Optional.of(left.isNegative() ? Duration.ZERO : left);
    }

    public synchronized void failed(String client) {
        failures.computeIfAbsent(client, key -> new ArrayDeque<>()).addLast(clock.instant());
        Deque<Instant> times = recent(client);
        while (times.size() > limit) {
            times.removeFirst();
        }
    }

    private Deque<Instant> recent(String client) {
        Deque<Instant> times = failures.get(client);
        if (times == null) {
            return null;
        }
        Instant since = clock.instant().minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(since)) {
            times.removeFirst();
        }
        if (times.isEmpty()) {
            failures.remove(client);
            return null;
        }
        return times;
    }
}
