package syncf.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import syncf.testing.MovingClock;

class RecentLoginsTest {

    final MovingClock clock = new MovingClock();
    final RecentLogins logins = new RecentLogins(Duration.ofMinutes(5), clock);
    final Caller alice = new Caller("alice", Role.OPERATOR);

    @Test
    void aVerifiedLoginIsRememberedForItsLifetimeAndForThatPasswordOnly() {
        logins.verified("alice", "correct horse".toCharArray(), alice);
        assertEquals(Optional.of(alice), logins.find("alice", "correct horse".toCharArray()));
        assertEquals(Optional.empty(), logins.find("alice", "correct horsE".toCharArray()));
        assertEquals(Optional.empty(), logins.find("alicecorrect", " horse".toCharArray()), "name and password do not run together");
        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        assertEquals(Optional.of(alice), logins.find("alice", "correct horse".toCharArray()));
        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), logins.find("alice", "correct horse".toCharArray()), "checked again after five minutes");
    }
}
