package syncf.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void aHashReadBackFromItsTextMatchesOnlyItsPassword() {
        PasswordHash hash = PasswordHash.of("correct horse".toCharArray());
        assertTrue(hash.toString().startsWith("PBKDF2WithHmacSHA256:210000:"), hash::toString);
        PasswordHash read = PasswordHash.parse(hash.toString()).orElseThrow();
        assertTrue(read.matches("correct horse".toCharArray()));
        assertFalse(read.matches("correct horse ".toCharArray()));
        assertFalse(read.matches(new char[0]));
    }

    @Test
    void theSamePasswordHashesDifferentlyEveryTime() {
        assertNotEquals(PasswordHash.of("same".toCharArray(), 1_000).toString(), PasswordHash.of("same".toCharArray(), 1_000).toString());
    }

    @Test
    void aKnownHashOfRfc7914sTestVectorMatches() {
        // RFC 7914 section 11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1, 64 bytes
        String vector = "PBKDF2WithHmacSHA256:1:c2FsdA==:VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLxJypzM8Xm2RZkWZLOdd+8xfHG4RbHjC9UJESBB06GXgw==";
        assertTrue(PasswordHash.parse(vector).orElseThrow().matches("passwd".toCharArray()));
    }

    @Test
    void textThatIsNoHashIsRefused() {
        assertEquals(Optional.empty(), PasswordHash.parse("PBKDF2WithHmacSHA256:0:c2FsdA==:aGFzaA=="));
        assertEquals(Optional.empty(), PasswordHash.parse("PBKDF2WithHmacSHA256:1:c2FsdA==:"));
        assertEquals(Optional.empty(), PasswordHash.parse("PBKDF2WithHmacSHA256:1:not base64!:aGFzaA=="));
        assertEquals(Optional.empty(), PasswordHash.parse("correct horse"));
    }
}
