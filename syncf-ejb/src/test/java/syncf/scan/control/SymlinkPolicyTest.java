package syncf.scan.control;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SymlinkPolicyTest {

    @ParameterizedTest
    @CsvSource({
        "'', file.txt", "'', sub/file.txt", "a/b, ../c", "a/b, ../../c", "a, ..", "'', .", "a, ./x/../y",
        "'', dangling-but-inside",
    })
    void linksThatStayInsideTheSourceAreCopied(String dir, String target) {
        assertNull(SymlinkPolicy.reasonToSkip(dir, target));
    }

    @ParameterizedTest
    @CsvSource({"'', ..", "'', ../x", "a/b, ../../../x", "a, x/../../../y", "'', ./../x"})
    void linksThatClimbOutOfTheSourceAreSkipped(String dir, String target) {
        String reason = SymlinkPolicy.reasonToSkip(dir, target);
        assertTrue(reason.contains("leads out of the source"), reason);
    }

    @ParameterizedTest
    @CsvSource({"'', /etc/passwd", "a, /"})
    void absoluteLinksAreSkippedEvenIntoTheSource(String dir, String target) {
        String reason = SymlinkPolicy.reasonToSkip(dir, target);
        assertTrue(reason.contains("absolute"), reason);
    }
}
