package syncf.transfer.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static syncf.transfer.control.Stored.at;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import syncf.storage.control.Entry;
import syncf.storage.control.Location;
import syncf.storage.control.SourceChanged;
import syncf.storage.control.StagedWrite;
import syncf.storage.s3.S3ProxyServer;
import syncf.storage.s3.S3Settings;
import syncf.storage.s3.S3Settings.S3Root;
import syncf.storage.s3.S3Storage;
import syncf.storage.s3.SharedS3Proxy;
import syncf.task.entity.CopyCheckpoint;

/**
 * The chunked copier between the local filesystem and a real S3 server (S3Proxy), in slices as
 * small as the integration tests configure (1 MiB chunks, 2 per slice), each slice on a fresh
 * copier and storage as if another worker took it: the multipart upload and the digest are taken
 * up from the checkpoint, and an upload no checkpoint of the task names is never touched.
 */
@ExtendWith(SharedS3Proxy.class)
class S3ChunkedCopyTest {

    private static final int MIB = 1 << 20;
    private static final long MTIME = 1_700_000_000_123L;
    private static final String MTIME_METADATA = "1700000000.123";
    private static final ExecutorService HASHER = Executors.newFixedThreadPool(2);

    @TempDir
    Path temp;

    private final S3ProxyServer server;
    private final String bucket;
    private final List<S3Storage> opened = new ArrayList<>();
    private final List<Long> resumes = new ArrayList<>();
    /** The last checkpoint a slice reached: what the task row would hold for the next worker. */
    private CopyCheckpoint last = CopyCheckpoint.START;
    private final Checkpoint recorder = new Checkpoint() {
        @Override
        public void reached(CopyCheckpoint at) {
            last = at;
        }

        @Override
        public void resumed(long reread) {
            resumes.add(reread);
        }
    };

    S3ChunkedCopyTest(S3ProxyServer server) {
        this.server = server;
        this.bucket = server.createBucket("chunked-" + Long.toHexString(System.nanoTime()));
    }

    @AfterEach
    void close() {
        opened.forEach(S3Storage::close);
    }

    /** A storage of its own, as another worker has. */
    private S3Storage worker() {
        S3Storage storage = S3Storage.open(new S3Settings(Optional.of(server.endpoint()), Optional.of(server.region()), true,
                Optional.of(server.accessKey()), Optional.of(server.secretKey()), Optional.empty(),
                List.of(new S3Root(bucket, ""))));
        opened.add(storage);
        return storage;
    }

    @Test
    void copiesALargeFileToS3InSlicesSmallerThanAPartAcrossWorkersReadingNothingTwice() throws IOException {
        byte[] content = random(19 * MIB + 12_345, 7);
        Path source = write("large.bin", content);
        List<Long> ends = new ArrayList<>();
        SliceOutcome outcome;
        do {
            S3Storage s3 = worker();
            TaskLocations at = new TaskLocations(Stored.SYNCED, at(source), s3, s3.locate("sink_path", bucket + "/up/large.bin"));
            outcome = new ChunkedCopy(MIB, HASHER).copySlice(at, new SourceVersion(content.length, MTIME), last, 2, recorder);
            ends.add(outcome.offset());
            assertEquals(outcome.offset(), outcome instanceof SliceOutcome.Progressed ? last.offset() : outcome.offset(),
                    "a slice ends at a checkpoint");
        } while (outcome instanceof SliceOutcome.Progressed);

        assertEquals(List.of(8L * MIB, 16L * MIB, (long) content.length), ends,
                "each slice runs on to a part boundary, so none writes the same part again");
        assertEquals(List.of(0L, 0L), resumes, "the checkpoint names the upload and carries the digest: nothing is read twice");
        assertCopied(content, ((SliceOutcome.Completed) outcome).sha256(), "up/large.bin");
    }

    @Test
    void aCheckpointWithOnlyItsOffsetStartsANewUploadAndLeavesTheOneItCannotNameToTheSweep() throws IOException {
        byte[] content = random(19 * MIB + 12_345, 17);
        Path source = write("older.bin", content);
        String key = "up/older.bin";
        S3Storage s3first = worker();
        TaskLocations first = new TaskLocations(Stored.SYNCED, at(source), s3first, s3first.locate("sink_path", bucket + "/" + key));
        SliceOutcome outcome = new ChunkedCopy(MIB, HASHER).copySlice(first, new SourceVersion(content.length, MTIME),
                CopyCheckpoint.START, 2, recorder);
        assertEquals(8L * MIB, outcome.offset());

        // a checkpoint of a SyncF older than V10 holds the offset only: the upload it left is not this copy's to adopt
        do {
            S3Storage s3 = worker();
            TaskLocations at = new TaskLocations(Stored.SYNCED, at(source), s3, s3.locate("sink_path", bucket + "/" + key));
            CopyCheckpoint from = resumes.isEmpty() ? CopyCheckpoint.at(outcome.offset()) : last;
            outcome = new ChunkedCopy(MIB, HASHER).copySlice(at, new SourceVersion(content.length, MTIME), from, 2, recorder);
        } while (outcome instanceof SliceOutcome.Progressed);

        assertEquals(8L * MIB, resumes.get(0), "started over: the first part is read (and sent) again");
        assertEquals(List.of(0L, 0L), resumes.subList(1, resumes.size()), "then taken up from its own checkpoints");
        assertEquals(1, uploadsOf(key).size(), "the first upload is left, named by no checkpoint");
        assertEquals(1, worker().sweepStages(Instant.now().plusSeconds(60), id -> false), "the sweep's");
        assertCopied(content, ((SliceOutcome.Completed) outcome).sha256(), key);
    }

    /**
     * A task's source changed after its copy checkpointed part of an upload, while the newer
     * task's copier uploads the same key (S3 has no lock to keep them apart): the first task's
     * next attempt aborts its own upload, the one its checkpoint names, and the other copier's
     * goes on to the new version, whole.
     */
    @Test
    void aStaleStageAbortOnS3EndsTheTasksOwnUploadAndSparesAnotherCopiersOfTheSameKey() throws IOException {
        byte[] old = random(17 * MIB + 5, 21);
        byte[] current = random(17 * MIB + 5, 22);
        Path oldSource = write("contended-old.bin", old);
        Path newSource = write("contended-new.bin", current);
        String key = "up/contended.bin";
        SourceVersion firstVersion = new SourceVersion(old.length, MTIME);
        S3Storage s3 = worker();
        TaskLocations first = new TaskLocations(Stored.SYNCED, at(oldSource), s3, s3.locate("sink_path", bucket + "/" + key));
        new ChunkedCopy(MIB, HASHER).copySlice(first, firstVersion, CopyCheckpoint.START, 2, recorder);
        CopyCheckpoint firstCheckpoint = last;
        String firstUpload = onlyUploadOf(key);

        S3Storage other = worker();
        TaskLocations second = new TaskLocations(Stored.SYNCED, at(newSource), other, other.locate("sink_path", bucket + "/" + key));
        SliceOutcome outcome = new ChunkedCopy(MIB, HASHER).copySlice(second, new SourceVersion(current.length, MTIME),
                CopyCheckpoint.START, 2, recorder);
        assertEquals(8L * MIB, outcome.offset(), "the second copier's upload is in progress");
        assertEquals(2, uploadsOf(key).size());

        Files.setLastModifiedTime(oldSource, FileTime.fromMillis(MTIME + 1_000)); // the first task's source changed
        assertThrows(SourceChanged.class, () -> new ChunkedCopy(MIB, HASHER).copySlice(first, firstVersion,
                firstCheckpoint, 2, recorder));

        List<String> left = uploadsOf(key).stream().map(MultipartUpload::uploadId).toList();
        assertFalse(left.contains(firstUpload), "the first task's own upload is aborted");
        assertEquals(1, left.size(), "the second copier's survives");
        do {
            outcome = new ChunkedCopy(MIB, HASHER).copySlice(second, new SourceVersion(current.length, MTIME), last, 2,
                    recorder);
        } while (outcome instanceof SliceOutcome.Progressed);
        assertCopied(current, ((SliceOutcome.Completed) outcome).sha256(), key);
    }

    private List<MultipartUpload> uploadsOf(String key) {
        return server.client().listMultipartUploads(r -> r.bucket(bucket).prefix(key)).uploads().stream()
                .filter(u -> u.key().equals(key)).toList();
    }

    private String onlyUploadOf(String key) {
        List<MultipartUpload> uploads = uploadsOf(key);
        assertEquals(1, uploads.size(), uploads::toString);
        return uploads.get(0).uploadId();
    }

    private void assertCopied(byte[] content, String sha256, String key) {
        assertEquals(sha256(content), sha256);
        S3Client raw = server.client();
        assertEquals(sha256, sha256(raw.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray()));
        assertEquals(MTIME_METADATA, raw.headObject(r -> r.bucket(bucket).key(key)).metadata().get("mtime"));
        assertTrue(raw.listMultipartUploads(r -> r.bucket(bucket).prefix(key)).uploads().isEmpty(), "no multipart upload is left");
    }

    @Test
    void copiesASmallFileToS3InOneSliceWhateverTheSliceSize() throws IOException {
        byte[] content = random(5 * MIB + 3, 8);
        Path source = write("small.bin", content);
        S3Storage s3 = worker();
        TaskLocations at = new TaskLocations(Stored.SYNCED, at(source), s3, s3.locate("sink_path", bucket + "/up/small.bin"));
        SliceOutcome.Completed done = assertInstanceOf(SliceOutcome.Completed.class,
                new ChunkedCopy(MIB, HASHER).copySlice(at, new SourceVersion(content.length, MTIME), CopyCheckpoint.START, 2, recorder),
                "a single PUT keeps nothing before its commit: the slice runs to the end");
        assertEquals(sha256(content), done.sha256());
        var head = server.client().headObject(r -> r.bucket(bucket).key("up/small.bin"));
        assertEquals(done.sha256(), head.metadata().get("sha256"));
        assertEquals(MTIME_METADATA, head.metadata().get("mtime"));
    }

    @Test
    void copiesFromS3ToALocalFileWithTheStoredMtime() throws IOException {
        byte[] content = random(3 * MIB + 77, 9);
        S3Storage s3 = worker();
        Location object = s3.locate("source_path", bucket + "/down/object.bin");
        try (StagedWrite put = s3.stage(object, content.length, MTIME, null)) {
            put.write(ByteBuffer.wrap(content), 0);
            put.commit(sha256(content));
        }
        Entry listed = s3.stat(object).orElseThrow();
        Path target = temp.resolve("sink/object.bin");
        TaskLocations at = new TaskLocations(s3, object, Stored.SYNCED, at(target));
        SliceOutcome outcome;
        long offset = 0;
        do {
            outcome = new ChunkedCopy(MIB, HASHER).copySlice(at,
                    new SourceVersion(listed.version().size(), listed.version().modifiedAt()), CopyCheckpoint.at(offset), 2,
                    recorder);
            offset = outcome.offset();
        } while (outcome instanceof SliceOutcome.Progressed);
        assertEquals(sha256(content), ((SliceOutcome.Completed) outcome).sha256());
        assertArrayEquals(content, Files.readAllBytes(target));
        assertEquals(MTIME, Files.getLastModifiedTime(target).toMillis(), "the mtime SyncF stored as metadata");
    }

    private Path write(String name, byte[] content) throws IOException {
        Path source = temp.resolve("src").resolve(name);
        Files.createDirectories(source.getParent());
        Files.write(source, content);
        Files.setLastModifiedTime(source, FileTime.fromMillis(MTIME));
        return source;
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
