package syncf.auth.control;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Basic logins verified within the last {@code lifetime}: a browser or a script sends its
 * password with every request, and a PBKDF2 check (120-170 ms here) on every poll would make
 * each one that slow. Keyed by the SHA-256 of name and password, so the password itself is not
 * kept; bounded, the least recently used forgotten first.
 */
public final class RecentLogins {

    private static final int LOGINS = 1_000;

    private record Login(Caller caller, Instant verifiedAt) {
    }

    private final Duration lifetime;
    private final Clock clock;
    private final Map<String, Login> logins = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Login> eldest) {
            return size() > LOGINS;
        }
    };

    public RecentLogins(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public synchronized Optional<Caller> find(String name, char[] password) {
        String key = key(name, password);
        Login login = logins.get(key);
        if (login == null) {
            return Optional.empty();
        }
        if (!login.verifiedAt().plus(lifetime).isAfter(clock.instant())) {
            logins.remove(key);
            return Optional.empty();
        }
        return Optional.of(login.caller());
    }

    public synchronized void verified(String name, char[] password, Caller caller) {
        logins.put(key(name, password), new Login(caller, clock.instant()));
    }

    private static String key(String name, char[] password) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(StandardCharsets.UTF_8.encode(CharBuffer.wrap(password)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
