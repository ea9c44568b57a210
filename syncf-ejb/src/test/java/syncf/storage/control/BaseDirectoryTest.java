package syncf.storage.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BaseDirectoryTest {

    @TempDir
    Path temp;

    Path outside;
    BaseDirectory base;

    @BeforeEach
    void layOutBaseWithHostileLinks() throws IOException {
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "do not read");
        Path root = Files.createDirectories(temp.resolve("base"));
        Files.createDirectories(root.resolve("docs/sub"));
        Files.createSymbolicLink(root.resolve("etc-link"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("out-link"), outside);
        Files.createSymbolicLink(root.resolve("docs-link"), root.resolve("docs"));
        Files.createSymbolicLink(root.resolve("dangling"), temp.resolve("nowhere"));
        base = BaseDirectory.open(root);
    }

    /** JUnit warns when its clean-up meets a link that leaves the temp directory. */
    @AfterEach
    void removeLinkToEtc() throws IOException {
        Files.deleteIfExists(base.root().resolve("etc-link"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "..", "../", "../outside", "../outside/secret.txt", "a/../../b", "docs/../../outside",
        "docs/sub/../../../outside", "./../outside", "docs/./../..",
    })
    void rejectsDotDotThatClimbsOut(String path) {
        PathRejected error = assertThrows(PathRejected.class, () -> base.confine("source_path", path));
        assertTrue(error.getMessage().startsWith("source_path"), error.getMessage());
        assertTrue(error.getMessage().contains(".."), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc", "/", "//etc/passwd", "\\etc"})
    void rejectsAbsolutePaths(String path) {
        PathRejected error = assertThrows(PathRejected.class, () -> base.confine("sink_path", path));
        assertTrue(error.getMessage().contains("absolute"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"etc-link", "etc-link/passwd", "out-link", "out-link/secret.txt", "out-link/new/dir"})
    void rejectsSymlinksThatLeaveTheBase(String path) {
        PathRejected error = assertThrows(PathRejected.class, () -> base.confine("source_path", path));
        assertTrue(error.getMessage().contains("outside the base"), error.getMessage());
        assertFalse(error.getMessage().contains(outside.toString()), "must not disclose the target");
        assertFalse(error.getMessage().contains("/etc\""), "must not disclose the target");
    }

    @ParameterizedTest
    @ValueSource(strings = {"etc-link", "out-link", "dangling", "docs-link"})
    void anEntryThatIsALinkIsTheLinkItselfNotWhereItPoints(String link) {
        ConfinedPath entry = base.confineEntry("source_path", link);
        assertEquals(base.root().resolve(link), entry.location());
        assertTrue(Files.isSymbolicLink(entry.location()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"out-link/secret.txt", "etc-link/passwd", "../outside", "/etc/passwd"})
    void anEntryWhoseParentLeavesTheBaseIsRejected(String path) {
        assertThrows(PathRejected.class, () -> base.confineEntry("sink_path", path));
    }

    @Test
    void rejectsPathsThroughBrokenLinks() {
        assertThrows(PathRejected.class, () -> base.confine("sink_path", "dangling/x"));
    }

    @Test
    void rejectsNulBytesEmptyAndOverlongPaths() {
        assertThrows(PathRejected.class, () -> base.confine("source_path", "docs\0/../etc"));
        assertThrows(PathRejected.class, () -> base.confine("source_path", ""));
        assertThrows(PathRejected.class, () -> base.confine("source_path", null));
        assertThrows(PathRejected.class, () -> base.confine("source_path", "a/".repeat(2049)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%2e%2e/%2e%2e/etc", "..%2f..%2fetc", "..\\..\\etc", "....//etc", "..."})
    void encodedOrLookalikeDotsAreLiteralNamesInsideTheBase(String path) {
        ConfinedPath confined = base.confine("source_path", path);
        assertTrue(confined.location().startsWith(base.root()), confined.location().toString());
    }

    @Test
    void dotDotThatStaysInsideIsNormalised() {
        ConfinedPath confined = base.confine("source_path", "docs/sub/../sub/");
        assertEquals("docs/sub", confined.relative());
        assertEquals(base.root().resolve("docs/sub"), confined.location());
    }

    @Test
    void linksInsideTheBaseResolveToTheirRealLocation() {
        ConfinedPath confined = base.confine("source_path", "docs-link/sub");
        assertEquals("docs-link/sub", confined.relative());
        assertEquals(base.root().resolve("docs/sub"), confined.location());
    }

    @Test
    void pathsThatDoNotExistYetAreConfinedThroughTheirParent() {
        ConfinedPath confined = base.confine("sink_path", "backup/new/deep");
        assertEquals(base.root().resolve("backup/new/deep"), confined.location());
        assertFalse(Files.exists(confined.location()), "confining must create nothing");
    }

    @Test
    void unicodeNamesAreKeptByteForByte() {
        String nfd = "cafe\u0301";
        String nfc = "caf\u00e9";
        assertEquals(nfd, base.confine("sink_path", nfd).relative());
        assertEquals(nfc, base.confine("sink_path", nfc).relative());
    }

    @Test
    void opensAMissingBaseByCreatingIt() {
        Path fresh = temp.resolve("fresh/base");
        BaseDirectory created = BaseDirectory.open(fresh);
        assertTrue(Files.isDirectory(fresh));
        assertEquals(fresh.toAbsolutePath(), created.root());
    }

    @Test
    void rejectsAPathLongerThanPathMaxUnderTheBase() throws IOException {
        StringBuilder relative = new StringBuilder("docs");
        while (PathLimits.bytes(base.root().resolve(relative.toString())) <= PathLimits.PATH_MAX_BYTES) {
            relative.append("/").append("n".repeat(200));
        }
        PathRejected error = assertThrows(PathRejected.class, () -> base.confine("sink_path", relative.toString()));
        assertTrue(error.getMessage().contains("PATH_MAX"), error.getMessage());
        assertFalse(error.getMessage().contains(base.root().toString()), "the base is not disclosed");
        assertThrows(PathRejected.class, () -> base.confineEntry("sink_path", relative.toString()));
        String fits = relative.substring(0, relative.lastIndexOf("/"));
        assertTrue(PathLimits.fits(base.confine("sink_path", fits).location()));
    }
}
