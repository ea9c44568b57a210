package syncf.transfer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static syncf.transfer.control.Stored.at;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syncf.storage.control.PartFile;
import syncf.storage.control.SourceChanged;

class EntryCopyTest {

    static final long MTIME = 1_700_000_000_000L;

    @TempDir
    Path temp;

    @Test
    void anEmptyDirectoryAppearsWithItsSourceTime() throws IOException {
        Path source = Files.createDirectories(temp.resolve("src/a/empty"));
        Path target = temp.resolve("sink/a/empty");

        EntryCopy.directory(Stored.between(source, target), MTIME);

        assertTrue(Files.isDirectory(target));
        assertEquals(MTIME, Files.getLastModifiedTime(target).toMillis());
    }

    @Test
    void aDirectoryGoneFromTheSourceIsASourceChange() throws IOException {
        Path source = temp.resolve("src/gone");
        assertThrows(SourceChanged.class, () -> EntryCopy.directory(Stored.between(source, temp.resolve("sink/gone")), MTIME));
        Files.createDirectories(source.getParent());
        Files.writeString(source, "now a file");
        assertThrows(SourceChanged.class, () -> EntryCopy.directory(Stored.between(source, temp.resolve("sink/gone")), MTIME));
        assertFalse(Files.exists(temp.resolve("sink/gone")));
    }

    @Test
    void aLinkIsRecreatedAsTheLinkItIsReplacingAnOlderOneWhole() throws IOException {
        Path source = Files.createDirectories(temp.resolve("src")).resolve("latest");
        Files.createSymbolicLink(source, Path.of("releases/v2")); // dangling at the source: still a link to copy
        Path target = Files.createDirectories(temp.resolve("sink")).resolve("latest");
        Files.createSymbolicLink(target, Path.of("releases/v1"));

        EntryCopy.symlink(Stored.between(source, target), "releases/v2");

        assertEquals(Path.of("releases/v2"), Files.readSymbolicLink(target));
        assertFalse(Files.exists(PartFile.of(target), LinkOption.NOFOLLOW_LINKS), "no part link left");
    }

    @Test
    void aLinkChangedOrGoneSinceTheScanIsASourceChange() throws IOException {
        Path source = Files.createDirectories(temp.resolve("src")).resolve("link");
        Path target = temp.resolve("sink/link");
        assertThrows(SourceChanged.class, () -> EntryCopy.symlink(Stored.between(source, target), "x"));
        Files.createSymbolicLink(source, Path.of("y"));
        SourceChanged changed = assertThrows(SourceChanged.class, () -> EntryCopy.symlink(Stored.between(source, target), "x"));
        assertTrue(changed.getMessage().contains("\"y\""), changed.getMessage());
        Files.delete(source);
        Files.writeString(source, "a file now");
        Files.setLastModifiedTime(source, FileTime.fromMillis(MTIME));
        assertThrows(SourceChanged.class, () -> EntryCopy.symlink(Stored.between(source, target), "x"));
        assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS));
    }
}
