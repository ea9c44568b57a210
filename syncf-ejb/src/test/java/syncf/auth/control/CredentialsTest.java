package syncf.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

    /** Few iterations: these tests are about the file, not about the cost of a guess. */
    static final String ALICE = "user alice operator " + PasswordHash.of("correct horse".toCharArray(), 1_000);
    static final String TOKEN = "syncf_test-token";
    static final String CI = "token ci viewer " + TokenHash.of(TOKEN);

    @Test
    void usersAndTokensAreKnownByTheirSecretsWithTheirRoles() {
        Credentials credentials = Credentials.parse("test", List.of("# who may call", "", ALICE, "  " + CI + "  "));
        assertTrue(credentials.configured());
        assertEquals(Optional.of(new Caller("alice", Role.OPERATOR)), credentials.password("alice", "correct horse".toCharArray()));
        assertEquals(Optional.of(new Caller("ci", Role.VIEWER)), credentials.token(TOKEN));
        assertEquals(Optional.empty(), credentials.password("alice", "correct horsE".toCharArray()));
        assertEquals(Optional.empty(), credentials.password("mallory", "correct horse".toCharArray()));
        assertEquals(Optional.empty(), credentials.password("ci", TOKEN.toCharArray()), "a token is no password");
        assertEquals(Optional.empty(), credentials.token(TOKEN + "x"));
        assertEquals(Optional.empty(), credentials.token("correct horse"));
    }

    @Test
    void aFileSaysWhichLineIsWrongAndHow() {
        assertMessage("f line 2: expected 'user NAME ROLE HASH' or 'token NAME ROLE HASH'", "# x", "user alice operator");
        assertMessage("f line 1: expected 'user NAME ROLE HASH' or 'token NAME ROLE HASH'", "admin alice operator x");
        assertMessage("f line 1: the role is viewer or operator, not admin", ALICE.replace("operator", "admin"));
        assertMessage("f line 1: a name is letters, digits, '.', '_', '@' or '-' (at most 64): al/ice", ALICE.replace("alice", "al/ice"));
        assertMessage("f line 2: alice is named twice", ALICE, CI.replace(" ci ", " alice "));
        assertMessage("f line 1: not a password hash; ./syncf hash-password alice operator makes one",
                "user alice operator PBKDF2WithHmacSHA1:1000:c2FsdA==:aGFzaA==");
        assertMessage("f line 1: not a password hash; ./syncf hash-password alice operator makes one",
                "user alice operator PBKDF2WithHmacSHA256:many:c2FsdA==:aGFzaA==");
        assertMessage("f line 1: not a token hash (sha256:HEX); ./syncf new-token ci viewer makes one", "token ci viewer " + TOKEN);
        assertMessage("the credentials file f names no user and no token", "# nobody yet");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        InvalidCredentials wrong = assertThrows(InvalidCredentials.class, () -> Credentials.read(dir.resolve("nope")));
        assertTrue(wrong.getMessage().startsWith("the credentials file " + dir.resolve("nope") + " cannot be read"), wrong.getMessage());
    }

    @Test
    void aFileOnDiskIsRead(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("credentials"), ALICE + "\n" + CI + "\n");
        assertEquals("1 users, 1 tokens", Credentials.read(file).toString(), "no secret in what is logged");
    }

    @Test
    void noCredentialsNameNoOne() {
        assertFalse(Credentials.none().configured());
        assertEquals(Optional.empty(), Credentials.none().password("local", new char[0]));
    }

    static void assertMessage(String expected, String... lines) {
        assertEquals(expected, assertThrows(InvalidCredentials.class, () -> Credentials.parse("f", List.of(lines))).getMessage());
    }
}
