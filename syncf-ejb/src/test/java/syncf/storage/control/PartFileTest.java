package syncf.storage.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartFileTest {

    @TempDir
    Path temp;

    @Test
    void partFileOfANameAtTheLimitFitsAndRenamesIntoPlace() throws IOException {
        for (String name : new String[] {"a".repeat(255), "é".repeat(127) + "x", "日".repeat(85)}) {
            assertEquals(255, name.getBytes(StandardCharsets.UTF_8).length, name);
            Path target = temp.resolve(name);
            Path part = PartFile.of(target);
            assertEquals(target.getParent(), part.getParent(), "beside its target");
            assertEquals(PartFile.NAME_BYTES, PathLimits.bytes(part.getFileName()));
            Files.writeString(part, "whole");
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            assertEquals("whole", Files.readString(target));
        }
    }

    @Test
    void partFileNameIsFixedLengthHiddenAndOneToOneWithItsTarget() {
        Path a = temp.resolve("dir/report.txt");
        assertEquals(PartFile.of(a), PartFile.of(temp.resolve("dir/./report.txt")), "same target, same part file");
        assertEquals(44, PartFile.NAME_BYTES);
        String name = PartFile.of(a).getFileName().toString();
        assertTrue(name.matches("\\.[0-9a-f]{32}\\.syncf-part"), name);
        assertNotEquals(PartFile.of(a), PartFile.of(temp.resolve("dir/Report.txt")), "case differs");
        assertNotEquals(PartFile.of(temp.resolve("dir/\u00e9")), PartFile.of(temp.resolve("dir/e\u0301")), "NFC vs NFD");
        // a user's file named like a part file gets a part file of its own, not itself
        Path userFile = a.resolveSibling(name);
        assertNotEquals(userFile, PartFile.of(userFile));
        // another sink with the same relative layout: another name
        assertNotEquals(PartFile.of(a).getFileName(), PartFile.of(temp.resolve("other/dir/report.txt")).getFileName());
    }

    @Test
    void partFileOfATargetNearPathMaxMovesUpToWhereItFits() throws IOException {
        Path dir = deepDirectory(temp, PathLimits.PATH_MAX_BYTES - 10);
        Path target = dir.resolve("x");
        assertTrue(PathLimits.fits(target));
        Path part = PartFile.of(target);
        assertTrue(PathLimits.fits(part), "the part file's path fits: " + PathLimits.bytes(part));
        assertTrue(target.startsWith(part.getParent()), "in an ancestor of the target");
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(StandardCharsets.UTF_8.encode("deep"));
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        assertEquals("deep", Files.readString(target));
        assertEquals(part.getParent(), PartFile.of(target).getParent(), "the same rule finds it again");
    }

    /** A chain of directories of 200-byte names whose path is {@code bytes} long. */
    static Path deepDirectory(Path from, int bytes) throws IOException {
        Path dir = from;
        while (PathLimits.bytes(dir) + 1 + 200 < bytes) {
            dir = dir.resolve("d".repeat(200));
        }
        dir = dir.resolve("e".repeat(bytes - PathLimits.bytes(dir) - 1));
        Files.createDirectories(dir);
        assertEquals(bytes, PathLimits.bytes(dir));
        return dir;
    }
}
