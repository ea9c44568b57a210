package syncf.storage.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryNamesTest {

    @TempDir
    Path temp;

    @Test
    void escapesOnlyTheBytesThatAreNotUtf8AndBackslashes() {
        assertEquals("caf\\xe9.txt", EntryNames.escape(bytes("caf", 0xe9, ".txt")));
        assertEquals("\u00e9\\xff\\xfe", EntryNames.escape(bytes("\u00e9", 0xff, 0xfe)));
        assertEquals("a\\\\x80\\x80", EntryNames.escape(bytes("a\\x80", 0x80)), "a literal backslash stays distinct");
        assertEquals("\\xc3", EntryNames.escape(bytes("", 0xc3)), "a sequence cut short");
        assertEquals("\\xed\\xa0\\x80", EntryNames.escape(bytes("", 0xed, 0xa0, 0x80)), "an encoded surrogate");
        assertEquals("\\xc0\\xaf", EntryNames.escape(bytes("", 0xc0, 0xaf)), "an overlong slash");
        assertEquals("\u65e5\u672c\n\t\u0001", EntryNames.escape("\u65e5\u672c\n\t\u0001".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void validNamesAreKeptAsTheyAre() throws IOException {
        for (String name : List.of("a".repeat(255), "\u00e9".repeat(127), "e\u0301", "new\nline\ttab\u0001", "back\\slash")) {
            Path file = Files.createFile(temp.resolve(name));
            assertNull(EntryNames.reasonToSkip(file), name);
            assertEquals(name, EntryNames.displayName(file));
        }
    }

    @Test
    void aNameThatIsNotUtf8IsSkippedAndShownReversibly() throws IOException, InterruptedException {
        byte[] raw = bytes("bad", 0xff, "-", 0xc3, 0x28, "\\");
        Path entry = onlyEntry(createWithShell(raw));
        String reason = EntryNames.reasonToSkip(entry);
        assertTrue(reason.contains("not valid UTF-8"), reason);
        assertArrayEquals(raw, EntryNames.rawName(entry));
        assertEquals("bad\\xff-\\xc3(\\\\", EntryNames.displayName(entry));
    }

    @Test
    void aDirectoryNamedInBytesThatAreNotUtf8IsShownWithoutItsSlash() throws IOException, InterruptedException {
        Path dir = temp.resolve("d");
        Files.createDirectories(dir);
        run("mkdir \"$1/$(printf 'x\\377')\"", dir.toString());
        assertEquals("x\\xff", EntryNames.displayName(onlyEntry(dir)));
    }

    @Test
    void aPathPastPathMaxIsSkipped() throws IOException {
        Path deep = temp;
        while (deep.toString().length() < 4200) {
            deep = deep.resolve("n".repeat(200));
        }
        String reason = EntryNames.reasonToSkip(deep);
        assertTrue(reason.contains("PATH_MAX"), reason);
    }

    /** Creates a file whose name is exactly these bytes (Java cannot: its Path encodes text), in a directory of its own. */
    private Path createWithShell(byte[] name) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(temp.resolve("raw"));
        StringBuilder octal = new StringBuilder();
        for (byte b : name) {
            octal.append(String.format("\\%03o", b & 0xff));
        }
        run(": > \"$1/$(printf '" + octal + "')\"", dir.toString());
        return dir;
    }

    private static void run(String script, String arg) throws IOException, InterruptedException {
        Process sh = new ProcessBuilder("sh", "-c", script, "sh", arg).inheritIO().start();
        assertEquals(0, sh.waitFor());
    }

    private static Path onlyEntry(Path dir) throws IOException {
        List<Path> all = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(all::add);
        }
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    private static byte[] bytes(Object... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }
}
