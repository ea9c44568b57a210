package syncf.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String password, String... args) throws IOException {
        return Secrets.run(args, password::toCharArray, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aHashedPasswordIsALineTheFileReaderTakes(@TempDir Path dir) throws IOException {
        assertEquals(0, run("correct horse", "hash-password", "alice", "operator"));
        String line = out.toString(StandardCharsets.UTF_8).strip();
        assertTrue(line.startsWith("user alice operator PBKDF2WithHmacSHA256:210000:"), line);
        Credentials credentials = Credentials.read(Files.writeString(dir.resolve("credentials"), line));
        assertEquals(Optional.of(new Caller("alice", Role.OPERATOR)), credentials.password("alice", "correct horse".toCharArray()));
    }

    @Test
    void aNewTokenIsShownOnceAndItsLineHoldsOnlyItsHash() throws IOException {
        assertEquals(0, run("", "new-token", "ci", "viewer"));
        String line = out.toString(StandardCharsets.UTF_8).strip();
        List<String> shown = err.toString(StandardCharsets.UTF_8).lines().toList();
        String token = shown.get(1);
        assertTrue(token.startsWith("syncf_") && token.length() > 40, token);
        assertTrue(!line.contains(token) && line.startsWith("token ci viewer sha256:"), line);
        assertEquals(Optional.of(new Caller("ci", Role.VIEWER)), Credentials.parse("out", List.of(line)).token(token));
    }

    @Test
    void badArgumentsAndShortPasswordsAreRefusedWithTheReason() throws IOException {
        assertEquals(2, run("short", "hash-password", "alice", "operator"));
        assertEquals(2, run("correct horse", "hash-password", "alice", "admin"));
        assertEquals(2, run("", "new-token", "two words", "viewer"));
        assertEquals(2, run("", "hash-password"));
        assertEquals("", out.toString(StandardCharsets.UTF_8), "no line for the file");
        assertEquals(List.of("syncf: a password has at least 8 characters", "syncf: the role is viewer or operator, not admin",
                "syncf: a name is letters, digits, '.', '_', '@' or '-' (at most 64): two words",
                "usage: hash-password NAME viewer|operator | new-token NAME viewer|operator | check-credentials FILE"),
                err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void aCheckedFileIsSummedUpOrItsFaultNamed(@TempDir Path dir) throws IOException {
        Path good = Files.writeString(dir.resolve("good"), "token ci viewer " + TokenHash.of("t"));
        Path bad = Files.writeString(dir.resolve("bad"), "token ci admin " + TokenHash.of("t"));
        assertEquals(0, run("", "check-credentials", good.toString()));
        assertEquals(2, run("", "check-credentials", bad.toString()));
        assertEquals(List.of("syncf: " + good + ": 0 users, 1 tokens", "syncf: " + bad + " line 1: the role is viewer or operator, not admin"),
                err.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
