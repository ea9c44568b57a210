package syncf.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import syncf.storage.control.Entry;
import syncf.storage.control.Listing;
import syncf.storage.control.PathRejected;
import syncf.storage.control.SourceChanged;
import syncf.storage.control.StagedWrite;
import syncf.storage.control.StorageFailure;
import syncf.storage.control.Version;
import syncf.storage.control.VersionedRead;
import syncf.storage.s3.S3Settings.S3Root;

/** The s3 backend against a real S3 server (S3Proxy, real SigV4), no mocks. */
@ExtendWith(SharedS3Proxy.class)
class S3StorageTest {

    private static final int MIB = 1 << 20;

    private final S3ProxyServer server;
    private final S3Client raw;
    private final String bucket;
    private S3Storage s3;

    S3StorageTest(S3ProxyServer server) {
        this.server = server;
        this.raw = server.client();
        this.bucket = "s3storage-" + Long.toHexString(System.nanoTime());
    }

    @BeforeEach
    void open() {
        server.createBucket(bucket);
        s3 = storage(server.endpoint(), List.of(new S3Root(bucket, ""), new S3Root("missing-" + bucket, ""),
                new S3Root("shared-" + bucket, "jobs/a")));
    }

    @AfterEach
    void close() {
        s3.close();
    }

    private S3Storage storage(URI endpoint, List<S3Root> roots) {
        return S3Storage.open(settings(endpoint, roots));
    }

    private S3Settings settings(URI endpoint, List<S3Root> roots) {
        return new S3Settings(Optional.of(endpoint), Optional.of(server.region()), true,
                Optional.of(server.accessKey()), Optional.of(server.secretKey()), Optional.empty(), roots);
    }

    @Test
    void locateNormalisesAndConfines() {
        assertEquals(new S3Location(bucket, "a/b"), s3.locate("sink_path", bucket + "/a/b/"));
        assertEquals(bucket, s3.locate("sink_path", bucket).relative());
        assertEquals(new S3Location("shared-" + bucket, "jobs/a/x"), s3.locate("sink_path", "shared-" + bucket + "/jobs/a/x"));
        for (String path : List.of("", "/" + bucket + "/a", bucket + "/../other", bucket + "/a/../b", bucket + "/a//b",
                bucket + "/./a", bucket + "/a\0b", bucket + "//", "other-bucket/a", "shared-" + bucket + "/jobs/ab",
                "shared-" + bucket)) {
            PathRejected refused = assertThrows(PathRejected.class, () -> s3.locate("source_path", path), path);
            assertTrue(refused.getMessage().startsWith("source_path"), refused::getMessage);
            assertFalse(refused.getMessage().contains("missing-"), "names no configured bucket: " + refused.getMessage());
        }
        assertEquals("source_path \"other-bucket/a\": bucket \"other-bucket\" is not one this server may use",
                assertThrows(PathRejected.class, () -> s3.locate("source_path", "other-bucket/a")).getMessage());
    }

    @Test
    void parentStopsAtTheRootAndWithinFollowsSlashes() {
        S3Location deep = s3.locate("p", bucket + "/a/b/c");
        assertEquals(new S3Location(bucket, "a/b"), s3.parent(deep));
        assertNull(s3.parent(s3.locate("p", bucket)));
        assertNull(s3.parent(s3.locate("p", "shared-" + bucket + "/jobs/a")));
        assertTrue(s3.within(deep, s3.locate("p", bucket + "/a")));
        assertTrue(s3.within(deep, s3.locate("p", bucket)));
        assertFalse(s3.within(s3.locate("p", bucket + "/ab"), s3.locate("p", bucket + "/a")));
        assertFalse(s3.within(s3.locate("p", "missing-" + bucket + "/a"), s3.locate("p", bucket)));
    }

    @Test
    void statTellsObjectsPrefixesBucketsAndNothing() throws IOException {
        put("dir/file.txt", "hello");
        Entry file = s3.stat(s3.locate("p", bucket + "/dir/file.txt")).orElseThrow();
        assertEquals(Entry.Type.FILE, file.type());
        assertEquals("file.txt", file.name());
        assertEquals(5, file.version().size());
        assertEquals(0, file.version().modifiedAt() % 1000, "whole seconds, as a listing reports them");
        assertEquals(raw.headObject(r -> r.bucket(bucket).key("dir/file.txt")).eTag(), file.version().tag());
        assertEquals(Entry.Type.DIRECTORY, s3.stat(s3.locate("p", bucket + "/dir")).orElseThrow().type());
        assertEquals(Entry.Type.DIRECTORY, s3.stat(s3.locate("p", bucket)).orElseThrow().type());
        assertEquals(Optional.empty(), s3.stat(s3.locate("p", bucket + "/di")));
        assertEquals(Optional.empty(), s3.stat(s3.locate("p", bucket + "/nothing/here")));

        StorageFailure missing = assertThrows(StorageFailure.class,
                () -> s3.stat(s3.locate("p", "missing-" + bucket + "/x")));
        assertEquals("bucket \"missing-" + bucket + "\" does not exist", missing.getMessage());
        StorageFailure bucketItself = assertThrows(StorageFailure.class, () -> s3.stat(s3.locate("p", "missing-" + bucket)));
        assertEquals(missing.getMessage(), bucketItself.getMessage());
    }

    @Test
    void aStoreThatDoesNotAnswerIsToldWithoutItsEndpoint() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        try (S3Storage down = storage(URI.create("http://127.0.0.1:" + port), List.of(new S3Root(bucket, "")))) {
            StorageFailure failure = assertThrows(StorageFailure.class, () -> down.stat(down.locate("p", bucket + "/x")));
            assertEquals("cannot read bucket \"" + bucket + "\": the S3 store does not answer", failure.getMessage());
            assertNull(failure.getCause(), "the SDK's exception names the endpoint");
            assertEquals(failure.getMessage(), down.describe(failure, null, null));
        }
        try (S3Storage stranger = S3Storage.open(new S3Settings(Optional.of(server.endpoint()), Optional.of(server.region()),
                true, Optional.of(server.accessKey()), Optional.of("wrong"), Optional.empty(), List.of(new S3Root(bucket, ""))))) {
            StorageFailure denied = assertThrows(StorageFailure.class, () -> stranger.stat(stranger.locate("p", bucket + "/x")));
            assertFalse(denied.getMessage().contains(String.valueOf(server.endpoint().getPort())), denied::getMessage);
            assertTrue(denied.getMessage().startsWith("cannot read bucket \"" + bucket + "\": "), denied::getMessage);
        }
    }

    @Test
    void listsPagesOfAThousandLazilyWithPrefixesAsDirectories() throws Exception {
        int files = 1_234;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < files; i++) {
                String key = String.format("many/f%05d", i);
                puts.add(pool.submit(() -> raw.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("x"))));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            pool.shutdown();
        }
        put("many/sub/a", "a");
        put("many/zsub/deeper/b", "b");
        put("many/", ""); // a directory marker, as consoles make: not a file

        Map<String, Entry.Type> seen = new TreeMap<>();
        try (Listing listing = s3.list(s3.locate("p", bucket + "/many"))) {
            while (listing.hasNext()) {
                Entry entry = listing.next();
                assertNull(entry.unfit(), entry::toString);
                assertEquals(bucket + "/many/" + entry.name(), entry.at().relative());
                seen.put(entry.name(), entry.type());
            }
        }
        assertEquals(files + 2, seen.size());
        assertEquals(Entry.Type.DIRECTORY, seen.get("sub"));
        assertEquals(Entry.Type.DIRECTORY, seen.get("zsub"));
        assertEquals(Entry.Type.FILE, seen.get("f01233"));
        assertFalse(seen.containsKey(""));

        try (Listing listing = s3.list(s3.locate("p", bucket + "/many/sub"))) {
            Entry listed = listing.next();
            assertEquals(s3.stat(listed.at()).orElseThrow().version(), listed.version(),
                    "a listing's version (and ETag) is the one a copy's HEAD compares it with");
        }
    }

    /**
     * A key with {@code //}, {@code /./} or {@code /../} cannot even be stored on S3Proxy (its
     * HTTP server normalises the path, and the signature no longer matches), so the names such
     * keys give a listing level are checked directly.
     */
    @Test
    void namesACopyCannotCarryAreUnfit() {
        for (String name : List.of("", ".", "..", "a\0b")) {
            assertTrue(S3Listing.unfit(name) != null, name);
        }
        for (String name : List.of("a b", "...", ".hidden", "ünï", "%2F")) {
            assertNull(S3Listing.unfit(name), name);
        }
    }

    @Test
    void awkwardKeysRoundTripByteExact() throws IOException {
        List<String> names = List.of("a b", "a+b", "100%", "%41", "#hash", "q?x=1&y", "ünïcödé ✓", "日本語.txt", "emoji 😀");
        for (String name : names) {
            byte[] body = ("body of " + name).getBytes(StandardCharsets.UTF_8);
            S3Location at = s3.locate("sink_path", bucket + "/awk/" + name);
            try (StagedWrite out = s3.stage(at, body.length, 1_700_000_000_123L, null)) {
                out.write(ByteBuffer.wrap(body), 0);
                out.commit(sha256Hex(body));
            }
            assertArrayEquals(body, raw.getObjectAsBytes(r -> r.bucket(bucket).key("awk/" + name)).asByteArray(), name);
        }
        List<String> listed = new ArrayList<>();
        try (Listing listing = s3.list(s3.locate("p", bucket + "/awk"))) {
            while (listing.hasNext()) {
                Entry entry = listing.next();
                listed.add(entry.name());
                byte[] body = read(entry);
                assertArrayEquals(("body of " + entry.name()).getBytes(StandardCharsets.UTF_8), body, entry.name());
            }
        }
        assertEquals(names.stream().sorted().toList(), listed.stream().sorted().toList());
    }

    @Test
    void aSmallStageIsOnePutWithMtimeAndSha256() throws IOException {
        byte[] body = random(300_000, 1);
        String sha256 = sha256Hex(body);
        S3Location at = s3.locate("sink_path", bucket + "/small/one.bin");
        try (StagedWrite out = s3.stage(at, body.length, 1_600_000_000_777L, null)) {
            for (int at0 = 0; at0 < body.length; at0 += 100_000) {
                out.write(ByteBuffer.wrap(body, at0, 100_000), at0);
            }
            assertEquals(0, out.staged(), "nothing is on the server before the commit");
            assertEquals(Optional.empty(), s3.stat(at), "nothing shows before the commit");
            out.commit(sha256);
        }
        HeadObjectResponse head = raw.headObject(r -> r.bucket(bucket).key("small/one.bin").checksumMode(ChecksumMode.ENABLED));
        assertEquals("1600000000.777", head.metadata().get("mtime"), "seconds, as rclone writes and reads them");
        assertEquals(sha256, head.metadata().get("sha256"));
        assertEquals(java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)), head.checksumSHA256(),
                "sent as x-amz-checksum-sha256, checked and kept by the server");
        Entry entry = s3.stat(at).orElseThrow();
        try (VersionedRead in = s3.open(at, entry.version())) {
            assertEquals(1_600_000_000_777L, in.modifiedAt(), "the mtime SyncF stored, not Last-Modified");
        }
        assertArrayEquals(body, read(entry));
    }

    @Test
    void aReplacedObjectIsASourceChanged() throws IOException {
        put("changing.txt", "the first version, long enough");
        S3Location at = s3.locate("source_path", bucket + "/changing.txt");
        Entry first = s3.stat(at).orElseThrow();
        try (VersionedRead in = s3.open(at, first.version())) {
            assertEquals(5, in.read(ByteBuffer.allocate(5), 0));
            put("changing.txt", "the second version, as long as..");
            SourceChanged changed = assertThrows(SourceChanged.class, () -> in.read(ByteBuffer.allocate(5), 5));
            assertEquals("source changed during the copy: its ETag is no longer the one the copy began with", changed.getMessage());
            assertThrows(SourceChanged.class, in::requireUnchanged);
        }
        Version stale = new Version(first.version().size(), first.version().modifiedAt(), first.version().tag());
        assertThrows(SourceChanged.class, () -> s3.open(at, new Version(stale.size() + 1, stale.modifiedAt(), null)));
        raw.deleteObject(r -> r.bucket(bucket).key("changing.txt"));
        assertEquals("source was deleted", assertThrows(SourceChanged.class, () -> s3.open(at, stale)).getMessage());
    }

    /**
     * S3 has no lock: two copiers of one key can both be uploading (a task whose source changed,
     * and the newer task's copier). A stage without a checkpoint is a new upload, never the other
     * copier's; a stale-stage abort given the first task's checkpoint ends that upload only, and
     * the second copier's goes on to a whole object of its own bytes.
     */
    @Test
    void aStaleStageAbortEndsTheCheckpointedUploadOnlyAndAnotherCopiersUploadOfTheKeySurvives() throws Exception {
        int partSize = S3Stages.MIN_PART_SIZE;
        byte[] old = random(2 * partSize + MIB, 11);
        byte[] current = random(2 * partSize + MIB, 12);
        S3Location at = s3.locate("sink_path", bucket + "/big/contended.bin");
        String firstTask;
        try (StagedWrite first = s3.stage(at, old.length, 1_650_000_000_000L, null)) {
            writeRange(first, old, 0, partSize);
            firstTask = first.resumeState(); // what the first task's checkpoint holds
        }
        String firstUpload = UploadState.parse(firstTask).orElseThrow().uploadId();

        try (S3Storage other = storage(server.endpoint(), List.of(new S3Root(bucket, "")))) {
            S3Location again = other.locate("sink_path", bucket + "/big/contended.bin");
            try (StagedWrite second = other.stage(again, current.length, 1_660_000_000_000L, null)) {
                assertEquals(0, second.staged(), "a fresh copy takes up no upload its checkpoint does not name");
                writeRange(second, current, 0, partSize);
                String secondUpload = UploadState.parse(second.resumeState()).orElseThrow().uploadId();
                assertFalse(firstUpload.equals(secondUpload), "an upload of its own");
                assertEquals(List.of(firstUpload, secondUpload).stream().sorted().toList(),
                        uploads().stream().map(u -> u.uploadId()).sorted().toList());

                // the first task's source changed before its next attempt: its stale stage goes, as TaskLocations does it
                s3.stage(at, old.length, 1_650_000_000_000L, firstTask).abort();

                assertEquals(List.of(secondUpload), uploads().stream().map(u -> u.uploadId()).toList(),
                        "the first task's upload is aborted, the second copier's survives");
                writeRange(second, current, partSize, current.length);
                second.commit(sha256Hex(current));
            }
        }
        assertEquals(sha256Hex(current), sha256Hex(raw.getObjectAsBytes(r -> r.bucket(bucket).key("big/contended.bin"))
                .asByteArray()), "the object is the second copier's, whole");
        assertTrue(uploads().isEmpty(), "no multipart upload is left");

        s3.stage(at, old.length, 1_650_000_000_000L, null).abort(); // a task that never checkpointed an upload
        s3.stage(at, old.length, 1_650_000_000_000L, firstTask).abort(); // one whose upload is gone already
        assertEquals(sha256Hex(current), sha256Hex(raw.getObjectAsBytes(r -> r.bucket(bucket).key("big/contended.bin"))
                .asByteArray()), "an abort with nothing of its own to abort leaves the object alone");
    }

    @Test
    void aMultipartStageIsResumedFromItsCheckpointedStateAndAnUploadGoneStartsAnew() throws Exception {
        int partSize = S3Stages.MIN_PART_SIZE;
        byte[] body = random(2 * partSize + MIB, 4);
        S3Location at = s3.locate("sink_path", bucket + "/big/checkpointed.bin");
        String state;
        try (StagedWrite first = s3.stage(at, body.length, 1_650_000_000_000L, null)) {
            writeRange(first, body, 0, partSize);
            state = first.resumeState();
        }
        UploadState parsed = UploadState.parse(state).orElseThrow();
        assertEquals(1, parsed.parts().size(), state);
        assertEquals(Optional.empty(), UploadState.parse("something else"));

        try (S3Storage other = storage(server.endpoint(), List.of(new S3Root(bucket, "")))) {
            S3Location again = other.locate("sink_path", bucket + "/big/checkpointed.bin");
            try (StagedWrite second = other.stage(again, body.length, 1_650_000_000_000L, state)) {
                assertEquals(partSize, second.staged(), "the checkpoint's part, as ListParts still shows it");
                writeRange(second, body, partSize, body.length);
                second.commit(sha256Hex(body));
            }
        }
        assertEquals(sha256Hex(body), sha256Hex(raw.getObjectAsBytes(r -> r.bucket(bucket).key("big/checkpointed.bin"))
                .asByteArray()));

        S3Location gone = s3.locate("sink_path", bucket + "/big/gone.bin");
        String stale = new UploadState("no-such-upload-" + System.nanoTime(), partSize, parsed.parts()).text();
        try (StagedWrite fresh = s3.stage(gone, body.length, 0, stale)) {
            assertEquals(0, fresh.staged(), "an upload the store does not have holds nothing: the copy starts over");
            writeRange(fresh, body, 0, body.length);
            fresh.commit(sha256Hex(body));
        }
        assertEquals(body.length, raw.headObject(r -> r.bucket(bucket).key("big/gone.bin")).contentLength());
        assertTrue(uploads().isEmpty(), "no multipart upload is left");
    }

    @Test
    void theSweepAbortsTheUploadsBegunBeforeItsTimeThatNoOneClaims() throws IOException {
        String claimed = raw.createMultipartUpload(r -> r.bucket(bucket).key("sweep/claimed.bin")).uploadId();
        String stale = raw.createMultipartUpload(r -> r.bucket(bucket).key("sweep/stale.bin")).uploadId();

        try (S3Storage swept = storage(server.endpoint(), List.of(new S3Root(bucket, "sweep")))) {
            assertEquals(0, swept.sweepStages(Instant.now().minusSeconds(3600), id -> false), "none is old enough");
            assertEquals(1, swept.sweepStages(Instant.now().plusSeconds(60), claimed::equals));
        }
        StorageFailure missing = assertThrows(StorageFailure.class, () -> s3.sweepStages(Instant.now(), id -> true),
                "a root whose bucket is missing is said after the others are swept");
        assertFalse(missing.getMessage().contains(server.endpoint().getAuthority()), missing.getMessage());

        List<String> left = uploads().stream().filter(u -> u.key().startsWith("sweep/")).map(u -> u.uploadId()).toList();
        assertEquals(List.of(claimed), left, "the claimed upload stays, the stale one (" + stale + ") is gone");
        raw.abortMultipartUpload(r -> r.bucket(bucket).key("sweep/claimed.bin").uploadId(claimed));
    }

    @Test
    void anObjectWhoseDigestSyncFStoredIsCopiedInsideTheStoreWithItsTimeAndDigest() throws IOException {
        byte[] body = random(70_000, 5);
        S3Location source = s3.locate("source_path", bucket + "/within/from.bin");
        try (StagedWrite out = s3.stage(source, body.length, 1_600_000_000_321L, null)) {
            out.write(ByteBuffer.wrap(body), 0);
            out.commit(sha256Hex(body));
        }
        Version version = s3.stat(source).orElseThrow().version();
        S3Location target = s3.locate("sink_path", bucket + "/within/to.bin");

        assertEquals(Optional.of(sha256Hex(body)), s3.copyWithin(source, version, target, () -> { }));

        assertArrayEquals(body, raw.getObjectAsBytes(r -> r.bucket(bucket).key("within/to.bin")).asByteArray());
        HeadObjectResponse head = raw.headObject(r -> r.bucket(bucket).key("within/to.bin"));
        assertEquals("1600000000.321", head.metadata().get("mtime"));
        assertEquals(sha256Hex(body), head.metadata().get("sha256"));

        put("within/foreign.bin", "written by another tool");
        S3Location foreign = s3.locate("source_path", bucket + "/within/foreign.bin");
        assertEquals(Optional.empty(), s3.copyWithin(foreign, s3.stat(foreign).orElseThrow().version(),
                s3.locate("sink_path", bucket + "/within/foreign-copy.bin"), () -> { }),
                "no stored digest: copied through a worker");
        assertFalse(s3.stat(s3.locate("sink_path", bucket + "/within/foreign-copy.bin")).isPresent());
        assertThrows(SourceChanged.class, () -> s3.copyWithin(source,
                new Version(version.size() + 1, version.modifiedAt(), null), target, () -> { }), "another version than the task's");
    }

    @Test
    void aMultipartUploadCarriesItsSha256AsAPutDoesAndIsThenCopiedInsideTheStore() throws IOException {
        byte[] body = random(2 * S3Stages.MIN_PART_SIZE + MIB + 5, 6);
        String sha256 = sha256Hex(body);
        S3Location source = s3.locate("source_path", bucket + "/within/big.bin");
        upload(s3, source, body, 1_600_000_000_654L);
        HeadObjectResponse head = raw.headObject(r -> r.bucket(bucket).key("within/big.bin"));
        assertEquals(sha256, head.metadata().get("sha256"), "added after Complete, as a single PUT has it");
        assertEquals("1600000000.654", head.metadata().get("mtime"));
        assertArrayEquals(body, raw.getObjectAsBytes(r -> r.bucket(bucket).key("within/big.bin")).asByteArray());
        assertTrue(uploads().isEmpty(), "no multipart upload is left");

        Version version = s3.stat(source).orElseThrow().version();
        S3Location target = s3.locate("sink_path", bucket + "/within/big-copy.bin");
        assertEquals(Optional.of(sha256), s3.copyWithin(source, version, target, () -> { }), "copied inside the store");
        HeadObjectResponse copied = raw.headObject(r -> r.bucket(bucket).key("within/big-copy.bin"));
        assertEquals(sha256, copied.metadata().get("sha256"));
        assertEquals("1600000000.654", copied.metadata().get("mtime"));
        assertEquals(sha256, sha256Hex(raw.getObjectAsBytes(r -> r.bucket(bucket).key("within/big-copy.bin")).asByteArray()));
    }

    @Test
    void anUploadReplacedRightAfterItsCompleteKeepsTheNewerObjectWithoutADigest() throws IOException {
        put("within/replaced.bin", "the newer object, another writer's");
        String newer = raw.headObject(r -> r.bucket(bucket).key("within/replaced.bin")).eTag();
        S3Location at = s3.locate("sink_path", bucket + "/within/replaced.bin");
        long size = 2L * S3Stages.MIN_PART_SIZE;
        S3Upload upload = new S3Upload(raw, new S3Copy(raw, S3Copy.MAX_SINGLE_COPY), at, size, S3Stages.MIN_PART_SIZE, 0,
                new UploadState(null, S3Stages.MIN_PART_SIZE, List.of()));

        assertFalse(upload.addDigest("\"0123456789abcdef0123456789abcdef\"", sha256Hex(new byte[0]), () -> { }),
                "the ETag Complete gave is no longer the object's");

        HeadObjectResponse head = raw.headObject(r -> r.bucket(bucket).key("within/replaced.bin"));
        assertEquals(newer, head.eTag(), "the other writer's object stays as it was");
        assertNull(head.metadata().get("sha256"));
    }

    @Test
    void anObjectAboveTheSingleCopyLimitIsCopiedInPartsWithItsTimeAndDigest() throws IOException {
        long limit = 10L * MIB;
        try (S3Storage small = S3Storage.open(settings(server.endpoint(), List.of(new S3Root(bucket, ""))), limit)) {
            byte[] body = random(25 * MIB + 3, 7);
            String sha256 = sha256Hex(body);
            S3Location source = small.locate("source_path", bucket + "/parts/from.bin");
            AtomicInteger committing = new AtomicInteger();
            try (StagedWrite out = small.stage(source, body.length, 1_600_000_000_987L, null)) {
                writeRange(out, body, 0, body.length);
                out.commit(sha256, committing::incrementAndGet);
            }
            HeadObjectResponse stamped = raw.headObject(r -> r.bucket(bucket).key("parts/from.bin"));
            assertEquals(sha256, stamped.metadata().get("sha256"), "its digest added by a copy onto itself in parts");
            assertTrue(stamped.eTag().endsWith("-3\""), stamped.eTag());
            assertEquals(3, committing.get(), "the commit told after each part of that copy: a worker renews its lease");

            S3Location target = small.locate("sink_path", bucket + "/parts/to.bin");
            AtomicInteger going = new AtomicInteger();
            assertEquals(Optional.of(sha256), small.copyWithin(source, small.stat(source).orElseThrow().version(), target,
                    going::incrementAndGet));
            assertEquals(3, going.get(), "told after each part: a worker renews its lease");

            HeadObjectResponse copied = raw.headObject(r -> r.bucket(bucket).key("parts/to.bin"));
            assertTrue(copied.eTag().endsWith("-3\""), "UploadPartCopy of 10, 10 and 5 MiB: " + copied.eTag());
            assertEquals(sha256, copied.metadata().get("sha256"));
            assertEquals("1600000000.987", copied.metadata().get("mtime"));
            assertEquals(sha256, sha256Hex(raw.getObjectAsBytes(r -> r.bucket(bucket).key("parts/to.bin")).asByteArray()));
            assertTrue(uploads().isEmpty(), "no multipart upload is left");
        }
    }

    @Test
    void aCopyInPartsOfAReplacedSourceIsASourceChangedAndAnyFailedCopyLeavesNoUpload() throws IOException {
        byte[] first = random(12 * MIB, 8);
        raw.putObject(r -> r.bucket(bucket).key("parts/changing.bin"), RequestBody.fromBytes(first));
        String began = raw.headObject(r -> r.bucket(bucket).key("parts/changing.bin")).eTag();
        raw.putObject(r -> r.bucket(bucket).key("parts/changing.bin"), RequestBody.fromBytes(random(12 * MIB, 9)));
        put("parts/target.bin", "the target before");
        S3Copy copy = new S3Copy(raw, 5L * MIB);

        SourceChanged changed = assertThrows(SourceChanged.class, () -> copy.copy(new S3Location(bucket, "parts/changing.bin"),
                began, first.length, new S3Location(bucket, "parts/target.bin"), S3Metadata.of(0, sha256Hex(first)), () -> { }));

        assertEquals("source changed during the copy: its ETag is no longer the one the copy began with", changed.getMessage());
        assertTrue(uploads().isEmpty(), "the multipart copy was aborted");
        assertEquals("the target before", raw.getObjectAsBytes(r -> r.bucket(bucket).key("parts/target.bin")).asUtf8String());

        String now = raw.headObject(r -> r.bucket(bucket).key("parts/changing.bin")).eTag();
        assertThrows(IllegalStateException.class, () -> copy.copy(new S3Location(bucket, "parts/changing.bin"), now,
                first.length, new S3Location(bucket, "parts/target.bin"), S3Metadata.of(0, sha256Hex(first)), () -> {
                    throw new IllegalStateException("the caller failed between two parts");
                }));
        assertTrue(uploads().isEmpty(), "a copy its caller gave up on is aborted too");
        assertEquals("the target before", raw.getObjectAsBytes(r -> r.bucket(bucket).key("parts/target.bin")).asUtf8String());
    }

    @Test
    void aSourceDeletedBeforeItsCopyIsASourceChangedOneRequestOrInParts() {
        S3Location gone = s3.locate("source_path", bucket + "/gone/never-there.bin");
        S3Location to = s3.locate("sink_path", bucket + "/gone/copy.bin");
        for (long size : List.of((long) MIB, 25L * MIB)) {
            SourceChanged changed = assertThrows(SourceChanged.class, () -> new S3Copy(raw, 10L * MIB)
                    .copy(gone, "\"0123456789abcdef0123456789abcdef\"", size, to, Map.of(), () -> { }));
            assertEquals("source was deleted during the copy", changed.getMessage());
        }
        assertTrue(uploads().isEmpty(), "the copy in parts left no upload");
    }

    @Test
    void copyPartsStayWithinTheLimitAndTenThousandParts() {
        S3Copy copy = new S3Copy(raw, S3Copy.MAX_SINGLE_COPY);
        assertEquals(S3Copy.MAX_PART, copy.partSize(6L << 30));
        assertEquals(10L * MIB, new S3Copy(raw, 10L * MIB).partSize(25L * MIB));
        long largest = 5L << 40; // S3's largest object
        assertTrue((largest + copy.partSize(largest) - 1) / copy.partSize(largest) <= 10_000);
        assertThrows(IllegalArgumentException.class, () -> new S3Copy(raw, 6L << 30));
    }

    @Test
    void truncatingMidPartKeepsTheWholePartsBelow() throws IOException {
        int partSize = S3Stages.MIN_PART_SIZE;
        byte[] body = random(2 * partSize + MIB, 3);
        S3Location at = s3.locate("sink_path", bucket + "/big/cut.bin");
        try (StagedWrite out = s3.stage(at, body.length, 0, null)) {
            writeRange(out, body, 0, 2 * partSize);
            out.truncate(partSize + MIB); // a checkpoint inside the second part
            assertEquals(partSize, out.staged(), "the second part goes whole");
            writeRange(out, body, partSize, body.length);
            out.commit(sha256Hex(body));
        }
        assertEquals(sha256Hex(body), sha256Hex(raw.getObjectAsBytes(r -> r.bucket(bucket).key("big/cut.bin")).asByteArray()));
        assertTrue(uploads().isEmpty());
    }

    @Test
    void abortAndAbandonLeaveNothing() throws IOException {
        byte[] body = random(2 * S3Stages.MIN_PART_SIZE + 1, 4);
        S3Location aborted = s3.locate("sink_path", bucket + "/big/aborted.bin");
        StagedWrite out = s3.stage(aborted, body.length, 0, null);
        writeRange(out, body, 0, 2 * S3Stages.MIN_PART_SIZE);
        out.abort();
        assertTrue(uploads().isEmpty());
        assertEquals(Optional.empty(), s3.stat(aborted));

        S3Location left = s3.locate("sink_path", bucket + "/big/left.bin");
        try (StagedWrite kept = s3.stage(left, body.length, 0, null)) {
            writeRange(kept, body, 0, S3Stages.MIN_PART_SIZE);
        }
        assertEquals(1, uploads().size());
        assertTrue(s3.abandon(left));
        assertTrue(uploads().isEmpty());
        assertFalse(s3.abandon(left));
        assertEquals(Optional.empty(), s3.stat(left));
    }

    @Test
    void partSizesKeepUnderTenThousandParts() {
        assertEquals(8 * MIB, S3Stages.partSize(1));
        assertEquals(8 * MIB, S3Stages.partSize(10_000L * 8 * MIB));
        assertEquals(9 * MIB, S3Stages.partSize(10_000L * 8 * MIB + 1));
        long huge = 5L << 40;
        assertTrue((huge + S3Stages.partSize(huge) - 1) / S3Stages.partSize(huge) <= 10_000);
    }

    @Test
    void rootsParseBucketsAndPrefixes() {
        assertEquals(List.of(new S3Root("a", ""), new S3Root("b", "p/q")), S3Root.parseAll(" a , b/p/q/ ,,"));
        assertEquals(List.of(), S3Root.parseAll(""));
    }

    private List<software.amazon.awssdk.services.s3.model.MultipartUpload> uploads() {
        return raw.listMultipartUploads(r -> r.bucket(bucket)).uploads();
    }

    private void put(String key, String body) {
        raw.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(body));
    }

    private byte[] read(Entry entry) throws IOException {
        byte[] all = new byte[Math.toIntExact(entry.version().size())];
        try (VersionedRead in = s3.open(entry.at(), entry.version())) {
            ByteBuffer buffer = ByteBuffer.wrap(all);
            int read = in.read(buffer, 0);
            assertEquals(all.length, read);
        }
        return all;
    }

    /** Stages, writes and commits all of {@code body} at {@code at}, as a copy of a whole file does. */
    private static void upload(S3Storage storage, S3Location at, byte[] body, long modifiedAt) throws IOException {
        try (StagedWrite out = storage.stage(at, body.length, modifiedAt, null)) {
            writeRange(out, body, 0, body.length);
            out.commit(sha256Hex(body));
        }
    }

    /** Writes {@code body[from, to)} as the copier does: in order, in pieces of at most 1 MiB. */
    private static void writeRange(StagedWrite out, byte[] body, int from, int to) throws IOException {
        for (int at = from; at < to; at += MIB) {
            out.write(ByteBuffer.wrap(body, at, Math.min(MIB, to - at)), at);
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
