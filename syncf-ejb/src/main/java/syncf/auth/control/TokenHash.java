package syncf.auth.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Bearer token stored as the SHA-256 of its text ({@code sha256:HEX}). Tokens are 32 random
 * bytes, so unlike a password they need no slow hash: no guess can be cheaper than the 2^256 a
 * search would take.
 */
public final class TokenHash {

    private static final String PREFIX = "sha256:";
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] digest;

    private TokenHash(byte[] digest) {
        this.digest = digest;
    }

    /** A fresh random token, as a caller sends it after {@code Bearer }. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "syncf_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static TokenHash of(String token) {
        return new TokenHash(sha256(token));
    }

    /** The hash {@code text} encodes, or empty if it is not one. */
    public static Optional<TokenHash> parse(String text) {
        if (!text.startsWith(PREFIX) || !HEX.matcher(text.substring(PREFIX.length())).matches()) {
            return Optional.empty();
        }
        return Optional.of(new TokenHash(HexFormat.of().parseHex(text.substring(PREFIX.length()))));
    }

    /** Whether {@code token} is the one hashed, compared in constant time. */
    public boolean matches(String token) {
        return MessageDigest.isEqual(digest, sha256(token));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return PREFIX + HexFormat.of().formatHex(digest);
    }
}
