package syncf.transfer.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static syncf.transfer.control.Stored.at;
import static syncf.transfer.control.Stored.path;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syncf.storage.control.Durability;
import syncf.storage.control.PartFile;
import syncf.storage.control.Storage;

class BatchCopyTest {

    static final long MTIME = 1_700_000_000_123L;
    /** Syncs side by side, as the worker does. */
    static final ExecutorService SYNCER = Executors.newFixedThreadPool(4);

    @TempDir
    Path temp;

    final BatchCopy batch = new BatchCopy(4096, SYNCER);
    final Random random = new Random(11);

    @Test
    void everyFileArrivesWholeWithItsChecksumAndModificationTime() throws Exception {
        List<BatchCopy.Item> items = List.of(file("a/one.bin", 4096), file("a/two.bin", 1), file("b/empty", 0));
        List<Long> progress = new ArrayList<>();

        Map<UUID, BatchCopy.Outcome> outcomes = batch.copy(items, progress::add, () -> true);

        for (BatchCopy.Item item : items) {
            byte[] bytes = Files.readAllBytes(path(item.at().source()));
            assertArrayEquals(bytes, Files.readAllBytes(path(item.at().target())));
            assertEquals(new BatchCopy.Outcome.Copied(sha256(bytes)), outcomes.get(item.taskId()));
            assertEquals(MTIME, Files.getLastModifiedTime(path(item.at().target())).toMillis());
        }
        assertEquals(List.of(4096L, 4097L, 4097L), progress, "bytes so far, after each file");
        assertNoPartFile();
    }

    @Test
    void leftToTheOperatingSystemsWriteBackABatchStillArrivesWholeAndVerified() throws Exception {
        BatchCopy unsynced = new BatchCopy(4096, SYNCER);
        Storage writeBack = Stored.storage(Durability.OS_WRITE_BACK);
        List<BatchCopy.Item> items = List.of(file("c/one.bin", 4096), file("c/two.bin", 17)).stream()
                .map(item -> new BatchCopy.Item(item.taskId(), Stored.between(writeBack, path(item.at().source()),
                        path(item.at().target())), item.expected()))
                .toList();

        Map<UUID, BatchCopy.Outcome> outcomes = unsynced.copy(items, bytes -> { }, () -> true);

        for (BatchCopy.Item item : items) {
            byte[] bytes = Files.readAllBytes(path(item.at().source()));
            assertArrayEquals(bytes, Files.readAllBytes(path(item.at().target())));
            assertEquals(new BatchCopy.Outcome.Copied(sha256(bytes)), outcomes.get(item.taskId()));
        }
        assertNoPartFile();
    }

    @Test
    void aChangedSourceFailsOnlyItsFileAndLeavesTheOldTarget() throws Exception {
        BatchCopy.Item changed = file("changed.bin", 100);
        BatchCopy.Item fine = file("fine.bin", 100);
        Files.writeString(path(changed.at().target()), "old version");
        Files.write(path(changed.at().source()), new byte[101]); // appended to after the scan

        Map<UUID, BatchCopy.Outcome> outcomes = batch.copy(List.of(changed, fine), bytes -> { }, () -> true);

        assertInstanceOf(BatchCopy.Outcome.Changed.class, outcomes.get(changed.taskId()));
        assertEquals("old version", Files.readString(path(changed.at().target())));
        assertInstanceOf(BatchCopy.Outcome.Copied.class, outcomes.get(fine.taskId()));
        assertNoPartFile();
    }

    @Test
    void aBatchCalledOffBeforeItsRenamesPutsNothingInPlace() throws Exception {
        List<BatchCopy.Item> items = List.of(file("x.bin", 10), file("y.bin", 20));

        Map<UUID, BatchCopy.Outcome> outcomes = batch.copy(items, bytes -> { }, () -> false);

        for (BatchCopy.Item item : items) {
            assertInstanceOf(BatchCopy.Outcome.Abandoned.class, outcomes.get(item.taskId()));
            assertFalse(Files.exists(path(item.at().target())));
        }
        assertNoPartFile();
    }

    @Test
    void aTargetAnotherCopierHoldsIsLeftToIt() throws Exception {
        BatchCopy.Item held = file("held.bin", 10);
        Files.createDirectories(path(held.at().target()).getParent());
        try (FileChannel other = FileChannel.open(PartFile.of(path(held.at().target())), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            other.lock();
            Map<UUID, BatchCopy.Outcome> outcomes = batch.copy(List.of(held), bytes -> { }, () -> true);
            assertInstanceOf(BatchCopy.Outcome.Busy.class, outcomes.get(held.taskId()));
            assertTrue(Files.exists(PartFile.of(path(held.at().target()))), "the other copier's part file stays");
        }
        assertFalse(Files.exists(path(held.at().target())));
    }

    @Test
    void aFileLargerThanABatchHoldsIsRefused() throws Exception {
        BatchCopy.Item large = file("large.bin", 4097);
        assertFalse(batch.fits(4097));
        assertThrows(IllegalArgumentException.class, () -> batch.copy(List.of(large), bytes -> { }, () -> true));
    }

    private BatchCopy.Item file(String name, int size) throws IOException {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        Path source = temp.resolve("src").resolve(name);
        Files.createDirectories(source.getParent());
        Files.write(source, bytes);
        Files.setLastModifiedTime(source, FileTime.fromMillis(MTIME));
        Path target = temp.resolve("sink").resolve(name);
        Files.createDirectories(target.getParent());
        return new BatchCopy.Item(UUID.randomUUID(), Stored.between(source, target), new SourceVersion(size, MTIME));
    }

    private void assertNoPartFile() throws IOException {
        try (Stream<Path> files = Files.walk(temp)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(PartFile.SUFFIX)).toList());
        }
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
