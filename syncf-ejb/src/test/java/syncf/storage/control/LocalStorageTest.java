package syncf.storage.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStorageTest {

    static final long MTIME = 1_700_000_000_123L;
    /** A local file keeps no digest beside it: any text will do. */
    static final String SHA_NOT_KEPT = "0".repeat(64);

    @TempDir
    Path temp;

    BaseDirectory base;
    Storage storage;

    @BeforeEach
    void localStorageOverATemporaryBase() {
        base = BaseDirectory.open(temp.resolve("base"));
        storage = new LocalStorage(base, Durability.SYNCED);
    }

    @Test
    void aCommitPublishesTheWholeFileInOneStepWithItsModificationTime() throws IOException {
        Path target = file("sink/a/data.bin", "old version");
        Location at = storage.locate("sink_path", "sink/a/data.bin");

        try (StagedWrite write = storage.stage(at, 0, MTIME, null)) {
            write.write(bytes("new "), 0);
            write.write(bytes("version"), 4);
            write.force();
            assertEquals("old version", Files.readString(target), "nothing shows before the commit");
            assertEquals(List.of(PartFile.of(target)), partFiles());
            write.commit(SHA_NOT_KEPT);
        }

        assertEquals("new version", Files.readString(target));
        assertEquals(MTIME, Files.getLastModifiedTime(target).toMillis());
        assertEquals(List.of(), partFiles());
        assertEquals(Map.of(), storage.settle(List.of()));
    }

    @Test
    void anAbortLeavesNothingAndTheOldTargetUntouched() throws IOException {
        Path target = file("sink/kept.txt", "old version");
        Location kept = storage.locate("sink_path", "sink/kept.txt");
        Location fresh = storage.locate("sink_path", "sink/new/fresh.txt");

        for (Location at : List.of(kept, fresh)) {
            StagedWrite write = storage.stage(at, 0, MTIME, null);
            write.write(bytes("half"), 0);
            write.abort();
        }

        assertEquals("old version", Files.readString(target));
        assertFalse(Files.exists(base.root().resolve("sink/new/fresh.txt")));
        assertEquals(List.of(), partFiles());
    }

    @Test
    void aClosedStageIsFoundAgainForAResumeAndCutBackToTheCheckpoint() throws IOException {
        Location at = storage.locate("sink_path", "sink/resumed.bin");
        try (StagedWrite first = storage.stage(at, 0, MTIME, null)) {
            first.write(bytes("0123456789"), 0);
        }

        try (StagedWrite again = new LocalStorage(base, Durability.OS_WRITE_BACK).stage(at, 0, MTIME, null)) {
            assertEquals(10, again.staged(), "another worker's storage finds the same stage from the target alone");
            again.truncate(4);
            ByteBuffer back = ByteBuffer.allocate(16);
            assertEquals(4, again.read(back, 0));
            assertEquals("0123", StandardCharsets.UTF_8.decode(back).toString());
            again.write(bytes("4567"), 4);
            again.commit(SHA_NOT_KEPT);
        }

        assertEquals("01234567", Files.readString(base.root().resolve("sink/resumed.bin")));
    }

    @Test
    void aSecondWriterOfOneTargetIsTurnedAwayUntilTheFirstLetsGo() throws IOException {
        Location at = storage.locate("sink_path", "sink/busy.bin");
        try (StagedWrite first = storage.stage(at, 0, MTIME, null)) {
            assertThrows(TargetBusy.class, () -> storage.stage(at, 0, MTIME, null));
            first.write(bytes("mine"), 0);
        }
        try (StagedWrite second = storage.stage(at, 0, MTIME, null)) {
            assertEquals(4, second.staged(), "the first writer's bytes stay for whoever resumes");
        }
    }

    @Test
    void aRangedReadFailsOnceTheSourceIsAnotherVersion() throws IOException {
        Path source = file("src/data.bin", "0123456789");
        Location at = storage.locate("source_path", "src/data.bin");
        Version version = storage.stat(at).orElseThrow().version();
        assertEquals(Version.of(10, MTIME), version);

        try (VersionedRead read = storage.open(at, version)) {
            ByteBuffer range = ByteBuffer.allocate(4);
            assertEquals(4, read.read(range, 3));
            assertEquals("3456", StandardCharsets.UTF_8.decode(range).toString());

            Files.writeString(source, "0123456789 and more");
            SourceChanged changed = assertThrows(SourceChanged.class, () -> read.read(ByteBuffer.allocate(4), 0));
            assertTrue(changed.getMessage().contains("size 10 -> 19"), changed.getMessage());
            assertThrows(SourceChanged.class, read::requireUnchanged);
        }
        assertThrows(SourceChanged.class, () -> storage.open(at, version), "already another version when opened");
        Files.delete(source);
        assertEquals("source was deleted", assertThrows(SourceChanged.class, () -> storage.open(at, version)).getMessage());
    }

    @Test
    void aReadAtTheEndReturnsWhatIsLeft() throws IOException {
        file("src/short.bin", "abc");
        Location at = storage.locate("source_path", "src/short.bin");
        try (VersionedRead read = storage.open(at, Version.of(3, MTIME))) {
            assertEquals(1, read.read(ByteBuffer.allocate(8), 2));
            assertEquals(0, read.read(ByteBuffer.allocate(8), 3));
        }
    }

    @Test
    void aListingReportsEachEntryWithItsTypeAndVersionNeverFollowingLinks() throws IOException {
        file("src/a.txt", "a");
        file("src/dir/b.txt", "bb");
        Files.createDirectories(base.root().resolve("src/empty"));
        Files.createSymbolicLink(base.root().resolve("src/link"), Path.of("dir"));
        for (int i = 0; i < 1000; i++) {
            Files.writeString(base.root().resolve("src/dir/many-" + i), "");
        }

        Map<String, Entry.Type> top = new TreeMap<>();
        try (Listing listing = storage.list(storage.locate("source_path", "src"))) {
            listing.forEachRemaining(entry -> top.put(entry.name(), entry.type()));
        }
        assertEquals(Map.of("a.txt", Entry.Type.FILE, "dir", Entry.Type.DIRECTORY, "empty", Entry.Type.DIRECTORY,
                "link", Entry.Type.LINK), top);

        int seen = 0;
        try (Listing listing = storage.list(storage.locate("source_path", "src/dir"))) {
            while (listing.hasNext()) {
                Entry entry = listing.next();
                assertTrue(entry.at().relative().startsWith("src/dir/"), entry.at().relative());
                if (entry.name().equals("b.txt")) {
                    assertEquals(2, entry.version().size());
                    assertEquals(Optional.of(entry), storage.stat(entry.at()), "an entry's location is usable as it is");
                }
                seen++;
            }
        }
        assertEquals(1001, seen);
    }

    @Test
    void statReportsALinkAsALinkAndNothingAsEmpty() throws IOException {
        file("src/real.txt", "real");
        Files.createSymbolicLink(base.root().resolve("src/alias"), Path.of("real.txt"));

        Entry link = storage.stat(storage.locateEntry("source_path", "src/alias")).orElseThrow();
        assertEquals(Entry.Type.LINK, link.type());
        assertEquals(Optional.of("real.txt"), storage.readLink(link.at()));
        assertEquals(Entry.Type.FILE, storage.stat(storage.locate("source_path", "src/alias")).orElseThrow().type(),
                "locate follows the last link, locateEntry does not");
        assertEquals(Optional.empty(), storage.readLink(storage.locate("source_path", "src/real.txt")));
        assertEquals(Optional.empty(), storage.stat(storage.locate("source_path", "src/none")));
    }

    @Test
    void aLinkIsPublishedWholeReplacingAnOlderOneAndADirectoryKeepsItsTime() throws IOException {
        Location link = storage.locateEntry("sink_path", "sink/latest");
        storage.link(link, "releases/v1");
        storage.link(link, "releases/v2");
        assertEquals(Path.of("releases/v2"), Files.readSymbolicLink(base.root().resolve("sink/latest")));

        Location directory = storage.locate("sink_path", "sink/a/b/empty");
        storage.makeDirectory(directory, MTIME);
        assertEquals(MTIME, Files.getLastModifiedTime(base.root().resolve("sink/a/b/empty")).toMillis());
        assertEquals(List.of(), partFiles());

        assertTrue(storage.delete(link));
        assertFalse(Files.exists(base.root().resolve("sink/latest"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(storage.delete(link));
    }

    @Test
    void namesAtTheFilesystemsLimitAreStagedAndCommitted() throws IOException {
        for (String name : new String[] {"a".repeat(255), "é".repeat(127) + "x", "日".repeat(85)}) {
            assertEquals(255, name.getBytes(StandardCharsets.UTF_8).length);
            Location at = storage.locate("sink_path", "sink/" + name);
            try (StagedWrite write = storage.stage(at, 0, MTIME, null)) {
                write.write(bytes(name), 0);
                write.commit(SHA_NOT_KEPT);
            }
            assertEquals(name, Files.readString(base.root().resolve("sink").resolve(name)));
        }
        assertEquals(List.of(), partFiles());
    }

    @Test
    void aStagedWriteNoOneHoldsIsAbandoned() throws IOException {
        Location at = storage.locate("sink_path", "sink/left.bin");
        try (StagedWrite write = storage.stage(at, 0, MTIME, null)) {
            write.write(bytes("left behind"), 0);
        }
        assertTrue(storage.abandon(at));
        assertFalse(storage.abandon(at));
        assertEquals(List.of(), partFiles());
    }

    @Test
    void pathsOutsideTheBaseAreRefusedAndErrorsNameNoAbsolutePath() {
        assertThrows(PathRejected.class, () -> storage.locate("sink_path", "../outside"));
        assertThrows(PathRejected.class, () -> storage.locateEntry("source_path", "/etc/passwd"));

        Location source = storage.locate("source_path", "src");
        Location sink = storage.locate("sink_path", "sink");
        String message = storage.describe(new AccessDeniedException(base.root().resolve("sink/x").toString()), source, sink);
        assertEquals("cannot write the sink: permission denied", message);
        assertEquals("local", storage.type());
        assertTrue(storage.capabilities().links() && storage.capabilities().emptyDirectories()
                && storage.capabilities().modificationTimes() && storage.capabilities().readableStage());
    }

    @Test
    void namesAndLinkTargetsThatAreNotUtf8AreListedEscapedWithWhyTheyCannotBeCarried() throws Exception {
        Path dir = Files.createDirectories(base.root().resolve("raw"));
        shell(": > \"$1/$(printf 'bad\\377')\"; mkdir \"$1/$(printf 'dir\\376')\"; ln -s \"$(printf 't\\375')\" \"$1/link\"",
                dir.toString());

        Map<String, Entry> listed = new TreeMap<>();
        try (Listing listing = storage.list(storage.locate("source_path", "raw"))) {
            listing.forEachRemaining(entry -> listed.put(entry.name(), entry));
        }

        assertEquals(List.of("bad\\xff", "dir\\xfe", "link"), List.copyOf(listed.keySet()));
        assertEquals(Entry.Type.FILE, listed.get("bad\\xff").type());
        assertTrue(listed.get("bad\\xff").unfit().contains("not valid UTF-8"), listed.get("bad\\xff").unfit());
        assertEquals(Entry.Type.DIRECTORY, listed.get("dir\\xfe").type());
        Entry link = listed.get("link");
        assertEquals(Entry.Type.LINK, link.type());
        assertEquals("t\\xfd", link.linkTarget());
        assertTrue(link.unfit().contains("link target is not valid UTF-8"), link.unfit());
    }

    @Test
    void anEntryWhosePathIsPastPathMaxIsListedWithWhyAndItsAttributes() throws IOException, InterruptedException {
        Path deep = base.root().resolve("deep");
        StringBuilder relative = new StringBuilder("deep");
        while (PathLimits.bytes(deep) + 201 < PathLimits.PATH_MAX_BYTES - 100) {
            deep = deep.resolve("n".repeat(200));
            relative.append('/').append("n".repeat(200));
        }
        // a directory that still fits, 50 bytes short of PATH_MAX
        String last = "p".repeat(PathLimits.PATH_MAX_BYTES - PathLimits.bytes(deep) - 1 - 50);
        Path parent = deep.resolve(last);
        Files.createDirectories(parent);
        // the last name takes the path past PATH_MAX: made relative to its directory, as only a shell can
        Process sh = new ProcessBuilder("sh", "-c", "cd \"$1\" && : > \"$2\"", "sh", parent.toString(), "f".repeat(200))
                .inheritIO().start();
        try {
            assertEquals(0, sh.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }

        List<Entry> listed = new ArrayList<>();
        try (Listing listing = storage.list(storage.locate("source_path", relative + "/" + last))) {
            listing.forEachRemaining(listed::add);
        } finally {
            // removed the way it was made: the temporary directory's clean-up cannot reach it by its path
            new ProcessBuilder("sh", "-c", "cd \"$1\" && rm -f \"$2\"", "sh", parent.toString(), "f".repeat(200))
                    .inheritIO().start().waitFor();
        }
        assertEquals(1, listed.size());
        assertEquals(Entry.Type.FILE, listed.get(0).type(), "read relative to its directory (fstatat)");
        assertTrue(listed.get(0).unfit().contains("PATH_MAX"), listed.get(0).unfit());
    }

    @Test
    void theParentOfALocationAndWhatIsWithinWhat() {
        Location sink = storage.locate("sink_path", "a/b/c");
        Location parent = storage.parent(sink);
        assertEquals("a/b", parent.relative());
        assertEquals("", storage.parent(storage.locate("sink_path", "a")).relative());
        assertTrue(storage.within(sink, parent));
        assertTrue(storage.within(sink, sink));
        assertFalse(storage.within(parent, sink));
        assertFalse(storage.within(storage.locate("sink_path", "a/bc"), storage.locate("sink_path", "a/b")),
                "a sibling whose name starts alike is not inside");
    }

    private static void shell(String script, String arg) throws IOException, InterruptedException {
        Process sh = new ProcessBuilder("sh", "-c", script, "sh", arg).inheritIO().start();
        assertEquals(0, sh.waitFor());
    }

    private Path file(String path, String content) throws IOException {
        Path file = base.root().resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.fromMillis(MTIME));
        return file;
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private List<Path> partFiles() throws IOException {
        List<Path> parts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(base.root())) {
            files.filter(p -> p.getFileName().toString().endsWith(PartFile.SUFFIX)).forEach(parts::add);
        }
        return parts;
    }
}
