package syncf.storage.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoErrorMessageTest {

    static final Path SOURCE = Path.of("/srv/data/docs");
    static final Path SINK = Path.of("/srv/data/backup/docs");

    @Test
    void aFullSinkSaysSoWithoutAClassName() {
        // what FileChannel.write throws on ENOSPC: a plain IOException with strerror()'s text
        IOException full = new IOException("No space left on device");
        assertEquals("cannot write the sink: no space left on device", IoErrorMessage.of(full, SOURCE, SINK));
        assertEquals("no space left on device", IoErrorMessage.reason(full));
    }

    @Test
    void anUnreadableSourceSaysPermissionDeniedAndNamesNoAbsolutePath() {
        AccessDeniedException denied = new AccessDeniedException(SOURCE.resolve("secret.bin").toString());
        String message = IoErrorMessage.of(denied, SOURCE, SINK);
        assertEquals("cannot read the source: permission denied", message);
        assertFalse(message.contains("/srv"), message);
    }

    @Test
    void theSideComesFromTheFileTheErrorNames() {
        assertEquals("cannot write the sink: permission denied",
                IoErrorMessage.of(new AccessDeniedException(SINK.resolve("sub/.x.syncf-part").toString()), SOURCE, SINK));
        assertEquals("cannot write the sink: not a directory", IoErrorMessage.of(
                new FileSystemException(SINK.resolve("sub/x").toString(), null, "Not a directory"), SOURCE, SINK));
        assertEquals("cannot read the source: no such file or directory",
                IoErrorMessage.of(new NoSuchFileException(SOURCE.resolve("gone").toString()), SOURCE, SINK));
        assertEquals("I/O error: input/output error", IoErrorMessage.of(new IOException(), SOURCE, SINK));
        assertEquals("I/O error: permission denied",
                IoErrorMessage.of(new AccessDeniedException("/elsewhere"), SOURCE, SINK));
    }

    @Test
    void reasonsKeepTheirCapitalsWhereTheyAreAcronyms() {
        assertEquals("I/O error", IoErrorMessage.reason(new IOException("I/O error")));
        assertEquals("part file ended at 3 bytes", IoErrorMessage.reason(new IOException("part file ended at 3 bytes")));
    }

    @Test
    void whatTheFilesystemReallyThrowsReadsTheSame(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a"), "x");
        FileSystemException notADirectory = org.junit.jupiter.api.Assertions.assertThrows(FileSystemException.class,
                () -> Files.createDirectories(file.resolve("b")));
        assertEquals("cannot write the sink: " + IoErrorMessage.reason(notADirectory),
                IoErrorMessage.of(notADirectory, null, dir));
        assertFalse(IoErrorMessage.of(notADirectory, null, dir).contains(dir.toString()));
    }
}
