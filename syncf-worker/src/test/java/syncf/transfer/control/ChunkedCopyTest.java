package syncf.transfer.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static syncf.transfer.control.Stored.at;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import syncf.storage.control.Durability;
import syncf.storage.control.PartFile;
import syncf.storage.control.PathLimits;
import syncf.storage.control.SourceChanged;
import syncf.storage.control.TargetBusy;
import syncf.task.entity.CopyCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkedCopyTest {

    static final int CHUNK = 4096;
    static final long MTIME = 1_700_000_000_123L;
    /** Hashes beside the copying thread, as the worker's container threads do. */
    static final ExecutorService HASHER = Executors.newFixedThreadPool(2);

    @TempDir
    Path temp;

    Path source;
    Path target;
    byte[] content;
    SourceVersion version;
    List<Long> checkpoints = new ArrayList<>();
    List<Long> resumes = new ArrayList<>();
    /** Records both what a worker commits after each chunk and what it reports on a resume. */
    Checkpoint recorder = new Checkpoint() {
        @Override
        public void reached(CopyCheckpoint at) {
            checkpoints.add(at.offset());
        }

        @Override
        public void resumed(long reread) {
            resumes.add(reread);
        }
    };

    @BeforeEach
    void sourceOfTenAndAHalfChunks() throws IOException {
        content = new byte[CHUNK * 10 + CHUNK / 2];
        new Random(42).nextBytes(content);
        source = temp.resolve("src/data.bin");
        target = temp.resolve("sink/deep/data.bin");
        Files.createDirectories(source.getParent());
        Files.write(source, content);
        Files.setLastModifiedTime(source, FileTime.fromMillis(MTIME));
        version = new SourceVersion(content.length, MTIME);
    }

    @Test
    void copiesToANameAtTheFilesystemsLimitAndToAPathAtPathMax() throws IOException {
        ChunkedCopy copy = new ChunkedCopy(CHUNK, HASHER);
        // 255 bytes: ASCII, 2-byte characters (127 of them and one more byte), 3-byte ones
        for (String name : List.of("a".repeat(255), "\u00e9".repeat(127) + "x", "\u65e5".repeat(85))) {
            Path at = temp.resolve("sink/long").resolve(name);
            SliceOutcome.Completed done = assertInstanceOf(SliceOutcome.Completed.class,
                    copy.copySlice(Stored.between(source, at), version, CopyCheckpoint.START, 100, recorder));
            assertEquals(sha256(content), done.sha256());
            assertArrayEquals(content, Files.readAllBytes(at));
        }
        // a short name whose directory is so deep that a part file beside it would pass PATH_MAX
        Path dir = temp.resolve("sink");
        while (PathLimits.bytes(dir) < PathLimits.PATH_MAX_BYTES - 2 - 201) {
            dir = dir.resolve("d".repeat(200));
        }
        dir = dir.resolve("e".repeat(PathLimits.PATH_MAX_BYTES - 2 - PathLimits.bytes(dir) - 1));
        Path deep = dir.resolve("x");
        assertEquals(PathLimits.PATH_MAX_BYTES, PathLimits.bytes(deep));
        SliceOutcome first = copy.copySlice(Stored.between(source, deep), version, CopyCheckpoint.START, 4, recorder);
        assertTrue(Files.exists(PartFile.of(deep)), "the part file, one directory up");
        assertTrue(PathLimits.fits(PartFile.of(deep)));
        assertInstanceOf(SliceOutcome.Completed.class,
                new ChunkedCopy(CHUNK, HASHER).copySlice(Stored.between(source, deep), version, CopyCheckpoint.at(first.offset()), 100, recorder));
        assertArrayEquals(content, Files.readAllBytes(deep));
        assertFalse(Files.exists(PartFile.of(deep)), "no part file left");
    }

    @Test
    void copiesInSlicesWithCheckpointsAndAVerifiedRename() throws IOException {
        ChunkedCopy copy = new ChunkedCopy(CHUNK, HASHER);
        SliceOutcome first = copy.copySlice(Stored.between(source, target), version, CopyCheckpoint.START, 4, recorder);
        assertInstanceOf(SliceOutcome.Progressed.class, first);
        assertEquals(4L * CHUNK, first.offset());
        assertFalse(Files.exists(target), "no target before the copy is whole");

        SliceOutcome second = copy.copySlice(Stored.between(source, target), version, CopyCheckpoint.at(first.offset()), 4, recorder);
        SliceOutcome last = copy.copySlice(Stored.between(source, target), version, CopyCheckpoint.at(second.offset()), 4, recorder);

        SliceOutcome.Completed done = assertInstanceOf(SliceOutcome.Completed.class, last);
        assertArrayEquals(content, Files.readAllBytes(target));
        assertEquals(sha256(content), done.sha256());
        assertEquals(MTIME, Files.getLastModifiedTime(target).toMillis(), "the source's modification time");
        assertFalse(Files.exists(PartFile.of(target)), "no part file left");
        assertEquals(11, checkpoints.size());
        for (int i = 1; i < checkpoints.size(); i++) {
            assertTrue(checkpoints.get(i) > checkpoints.get(i - 1) && checkpoints.get(i) - checkpoints.get(i - 1) <= CHUNK);
        }
        assertEquals(content.length, checkpoints.get(checkpoints.size() - 1));
        assertEquals(List.of(), resumes, "a copier going on from its own slice resumes nothing");
    }

    @Test
    void leftToTheOperatingSystemsWriteBackACopyStillAppearsOnlyWholeAndVerified() throws IOException {
        ChunkedCopy unsynced = new ChunkedCopy(CHUNK, HASHER);
        TaskLocations writeBack = Stored.between(Stored.storage(Durability.OS_WRITE_BACK), source, target);

        SliceOutcome first = unsynced.copySlice(writeBack, version, CopyCheckpoint.START, 5, recorder);
        assertFalse(Files.exists(target), "no target before the copy is whole");
        SliceOutcome done = unsynced.copySlice(writeBack, version, CopyCheckpoint.at(first.offset()), 100, recorder);

        assertArrayEquals(content, Files.readAllBytes(target));
        assertEquals(sha256(content), assertInstanceOf(SliceOutcome.Completed.class, done).sha256());
        assertFalse(Files.exists(PartFile.of(target)), "no part file left");
    }

    @Test
    void anotherWorkerResumesFromTheCheckpointReadingTheSourceOnlyFromThere() throws IOException {
        SliceOutcome cut = new ChunkedCopy(CHUNK, HASHER).copySlice(Stored.between(source, target), version, CopyCheckpoint.START, 6, at -> checkpoints.add(at.offset()));

        SliceOutcome resumed = new ChunkedCopy(CHUNK, HASHER).copySlice(Stored.between(source, target), version, CopyCheckpoint.at(cut.offset()), 100, recorder);

        SliceOutcome.Completed done = assertInstanceOf(SliceOutcome.Completed.class, resumed);
        assertEquals(content.length - cut.offset(), done.sourceBytesRead(), "source read from the checkpoint on only");
        assertEquals(sha256(content), done.sha256(), "the digest was rebuilt from the part file");
        assertArrayEquals(content, Files.readAllBytes(target));
        assertEquals(List.of(0L), resumes, "one resume, nothing read twice: the part file ended at the checkpoint");
    }

    @Test
    void whereTheStageCannotBeReadTheCheckpointCarriesTheDigestSoAResumeReadsNothingTwice() throws IOException {
        TaskLocations unreadable = new TaskLocations(Stored.SYNCED, at(source), Stored.unreadableStage(Stored.SYNCED),
                at(target));
        List<CopyCheckpoint> saved = new ArrayList<>();
        SliceOutcome cut = new ChunkedCopy(CHUNK, HASHER).copySlice(unreadable, version, CopyCheckpoint.START, 6, saved::add);
        CopyCheckpoint last = saved.get(saved.size() - 1);
        assertEquals(cut.offset(), last.offset());
        assertTrue(last.digestState() != null, "each checkpoint saves the digest state: " + last);

        SliceOutcome resumed = new ChunkedCopy(CHUNK, HASHER).copySlice(unreadable, version, last, 100, recorder);

        SliceOutcome.Completed done = assertInstanceOf(SliceOutcome.Completed.class, resumed);
        assertEquals(content.length - cut.offset(), done.sourceBytesRead(), "source read from the checkpoint on only");
        assertEquals(List.of(0L), resumes, "nothing read twice, for the copy or for the digest");
        assertEquals(sha256(content), done.sha256(), "the whole file's digest, from the saved state on");
        assertArrayEquals(content, Files.readAllBytes(target));
    }

    @Test
    void whereTheStageCannotBeReadAndTheCheckpointHasNoDigestTheSourcesFirstBytesAreHashedAgain() throws IOException {
        TaskLocations unreadable = new TaskLocations(Stored.SYNCED, at(source), Stored.unreadableStage(Stored.SYNCED),
                at(target));
        SliceOutcome cut = new ChunkedCopy(CHUNK, HASHER).copySlice(unreadable, version, CopyCheckpoint.START, 4, at -> { });

        SliceOutcome resumed = new ChunkedCopy(CHUNK, HASHER).copySlice(unreadable, version,
                new CopyCheckpoint(cut.offset(), null, null), 1, recorder);
        assertEquals(List.of(cut.offset()), resumes, "the source's first bytes are read again, and reported");
        assertEquals(cut.offset() + CHUNK, resumed.offset());

        resumes.clear();
        SliceOutcome done = new ChunkedCopy(CHUNK, HASHER).copySlice(unreadable, version,
                new CopyCheckpoint(cut.offset(), null, "not a digest state"), 100, recorder);
        assertEquals(List.of(cut.offset() + CHUNK), resumes, "a state that cannot be read counts as none;"
                + " the chunk staged past the checkpoint is cut off and read again too");
        assertEquals(sha256(content), assertInstanceOf(SliceOutcome.Completed.class, done).sha256());
        assertArrayEquals(content, Files.readAllBytes(target));
    }

    @Test
    void bytesWrittenAfterTheLastCheckpointAreCutOffOnResume() throws IOException {
        new ChunkedCopy(CHUNK, HASHER).copySlice(Stored.between(source, target), version, CopyCheckpoint.START, 3, at -> checkpoints.add(at.offset()));
        long committed = 2L * CHUNK; // the third checkpoint never reached the database
        try (FileChannel part = FileChannel.open(PartFile.of(target), StandardOpenOption.WRITE)) {
            part.write(java.nio.ByteBuffer.wrap(new byte[] {9, 9, 9}), 3L * CHUNK + 1); // and garbage beyond
        }

        SliceOutcome done = new ChunkedCopy(CHUNK, HASHER).copySlice(Stored.between(source, target), version, CopyCheckpoint.at(committed), 100, recorder);

        assertEquals(sha256(content), ((SliceOutcome.Completed) done).sha256());
        assertArrayEquals(content, Files.readAllBytes(target));
        assertEquals(List.of(CHUNK + 4L), resumes, "the uncommitted chunk and the garbage are read again");
    }

    @Test
    void aPartFileShorterThanTheCheckpointStartsOver() throws IOException {
        new ChunkedCopy(CHUNK, HASHER).copySlice(Stored.between(source, target), version, CopyCheckpoint.START, 2, at -> checkpoints.add(at.offset()));

        SliceOutcome done = new ChunkedCopy(CHUNK, HASHER).copySlice(Stored.between(source, target), version, CopyCheckpoint.at(8L * CHUNK), 100, recorder);

        assertEquals(content.length, done.sourceBytesRead(), "nothing of the part file could be trusted");
        assertEquals(List.of(8L * CHUNK), resumes, "everything up to the checkpoint is read again");
        assertArrayEquals(content, Files.readAllBytes(target));
    }

    @Test
    void aSourceChangedBetweenSlicesDiscardsTheAttemptAndKeepsTheOldTarget() throws IOException {
        Files.createDirectories(target.getParent());
        Files.writeString(target, "the previous version");
        ChunkedCopy copy = new ChunkedCopy(CHUNK, HASHER);
        SliceOutcome first = copy.copySlice(Stored.between(source, target), version, CopyCheckpoint.START, 2, at -> checkpoints.add(at.offset()));
        Files.write(source, new byte[] {1}, StandardOpenOption.APPEND);

        assertThrows(SourceChanged.class, () -> copy.copySlice(Stored.between(source, target), version, CopyCheckpoint.at(first.offset()), 100, at -> checkpoints.add(at.offset())));

        assertEquals("the previous version", Files.readString(target));
        assertFalse(Files.exists(PartFile.of(target)), "the attempt is discarded");
    }

    @Test
    void aSourceRewrittenInPlaceIsCaughtAtTheEnd() throws IOException {
        Files.setLastModifiedTime(source, FileTime.fromMillis(MTIME + 1000));
        assertThrows(SourceChanged.class, () -> new ChunkedCopy(CHUNK, HASHER).copySlice(Stored.between(source, target), version, CopyCheckpoint.START, 100, at -> checkpoints.add(at.offset())));
        assertFalse(Files.exists(target));
    }

    @Test
    void aDeletedSourceIsAChangeToo() throws IOException {
        Files.delete(source);
        SourceChanged error = assertThrows(SourceChanged.class,
                () -> new ChunkedCopy(CHUNK, HASHER).copySlice(Stored.between(source, target), version, CopyCheckpoint.START, 100, at -> checkpoints.add(at.offset())));
        assertTrue(error.getMessage().contains("deleted"));
    }

    @Test
    void anEmptyFileIsCopiedToo() throws IOException {
        Path empty = temp.resolve("src/empty");
        Files.createFile(empty);
        Files.setLastModifiedTime(empty, FileTime.fromMillis(MTIME));
        Path emptyTarget = temp.resolve("sink/empty");

        SliceOutcome done = new ChunkedCopy(CHUNK, HASHER).copySlice(Stored.between(empty, emptyTarget), new SourceVersion(0, MTIME), CopyCheckpoint.START, 1, at -> checkpoints.add(at.offset()));

        assertEquals(sha256(new byte[0]), ((SliceOutcome.Completed) done).sha256());
        assertEquals(0, Files.size(emptyTarget));
    }

    @Test
    void aSecondCopierOfTheSameTargetBacksOff() throws IOException {
        ChunkedCopy copy = new ChunkedCopy(CHUNK, HASHER);
        SliceOutcome first = copy.copySlice(Stored.between(source, target), version, CopyCheckpoint.START, 1, at -> checkpoints.add(at.offset()));
        List<IOException> second = new ArrayList<>();
        Checkpoint duplicateDuringFirst = offset -> {
            if (second.isEmpty()) {
                second.add(assertThrows(TargetBusy.class,
                        () -> new ChunkedCopy(CHUNK, HASHER).copySlice(Stored.between(source, target), version, CopyCheckpoint.at(first.offset()), 1, o -> { })));
            }
        };

        SliceOutcome done = copy.copySlice(Stored.between(source, target), version, CopyCheckpoint.at(first.offset()), 100, duplicateDuringFirst);

        assertEquals(1, second.size());
        assertArrayEquals(content, Files.readAllBytes(target));
        assertEquals(sha256(content), ((SliceOutcome.Completed) done).sha256());
    }

    @Test
    void aFailedCheckpointStopsTheCopyAndTheNextAttemptResumesSafely() throws IOException {
        Checkpoint failsAtThird = at -> {
            if (at.offset() == 3L * CHUNK) {
                throw new IllegalStateException("database went away");
            }
        };
        assertThrows(IllegalStateException.class,
                () -> new ChunkedCopy(CHUNK, HASHER).copySlice(Stored.between(source, target), version, CopyCheckpoint.START, 100, failsAtThird));

        SliceOutcome done = new ChunkedCopy(CHUNK, HASHER).copySlice(Stored.between(source, target), version, CopyCheckpoint.at(2L * CHUNK), 100, at -> checkpoints.add(at.offset()));

        assertArrayEquals(content, Files.readAllBytes(target));
        assertEquals(sha256(content), ((SliceOutcome.Completed) done).sha256());
    }

    @Test
    void chunksOfManyPiecesHashedBesideTheCopyGiveTheSourcesDigestAcrossSlicesAndWorkers() throws IOException {
        int chunk = 3 * 1024 * 1024 + 512 * 1024; // three and a half of the copier's 1 MiB pieces
        byte[] large = new byte[4 * chunk + 12_345];
        new Random(7).nextBytes(large);
        Files.write(source, large);
        Files.setLastModifiedTime(source, FileTime.fromMillis(MTIME));
        SourceVersion largeVersion = new SourceVersion(large.length, MTIME);
        ChunkedCopy first = new ChunkedCopy(chunk, HASHER);

        SliceOutcome one = first.copySlice(Stored.between(source, target), largeVersion, CopyCheckpoint.START, 1, at -> checkpoints.add(at.offset()));
        SliceOutcome two = first.copySlice(Stored.between(source, target), largeVersion, CopyCheckpoint.at(one.offset()), 2, at -> checkpoints.add(at.offset()));
        SliceOutcome done = new ChunkedCopy(chunk, HASHER).copySlice(Stored.between(source, target), largeVersion, CopyCheckpoint.at(two.offset()), 100,
                recorder);

        assertEquals(List.of((long) chunk, 2L * chunk, 3L * chunk, 4L * chunk, (long) large.length), checkpoints,
                "a checkpoint per chunk, not per piece");
        assertEquals(List.of(0L), resumes, "the part file ended at the checkpoint: nothing read again");
        assertArrayEquals(large, Files.readAllBytes(target));
        assertEquals(sha256(large), assertInstanceOf(SliceOutcome.Completed.class, done).sha256(),
                "the digest rebuilt from the part file, then carried on beside the copy");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
