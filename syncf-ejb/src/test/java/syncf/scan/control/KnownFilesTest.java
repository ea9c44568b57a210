package syncf.scan.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import syncf.scan.entity.KnownFile;
import syncf.task.entity.EntryKind;

/** What a scan takes a task for, decided from what it found and what the job knows; no container. */
class KnownFilesTest {

    private static final long MTIME = 1_700_000_123_000L;
    private static final String ETAG = "\"5d41402abc4b2a76b9719d911017c592\"";
    private static final String SAME_SIZE_OTHER_BYTES = "\"7d793037a0760186574b0282f2f435e7\"";

    private static KnownFile known(FoundEntry entry) {
        return new KnownFile(UUID.randomUUID(), "", entry.name(), entry.kind(), entry.size(), entry.modifiedAt(),
                entry.tag(), UUID.randomUUID());
    }

    @Test
    void aLocalFileIsUnchangedOnlyWithTheSameSizeAndTime() {
        FoundEntry file = FoundEntry.file("a.txt", 5, MTIME, null);
        KnownFile before = known(file);
        assertFalse(KnownFiles.isUnchanged(null, file), "new");
        assertTrue(KnownFiles.isUnchanged(before, FoundEntry.file("a.txt", 5, MTIME, null)));
        assertFalse(KnownFiles.isUnchanged(before, FoundEntry.file("a.txt", 6, MTIME, null)));
        assertFalse(KnownFiles.isUnchanged(before, FoundEntry.file("a.txt", 5, MTIME + 1, null)));
        assertFalse(KnownFiles.isUnchanged(before, FoundEntry.symlink("a.txt", 5, MTIME, "b", null)));
    }

    @Test
    void anS3ObjectReplacedByOneOfTheSameSizeInTheSameSecondIsChanged() {
        FoundEntry object = FoundEntry.file("a.txt", 5, MTIME, ETAG);
        KnownFile before = known(object);
        assertTrue(KnownFiles.isUnchanged(before, FoundEntry.file("a.txt", 5, MTIME, ETAG)), "a rescan finds nothing");
        assertFalse(KnownFiles.isUnchanged(before, FoundEntry.file("a.txt", 5, MTIME, SAME_SIZE_OTHER_BYTES)));
    }

    @Test
    void aVersionKnownWithoutATagIsUnchangedByTheTagAlone() {
        KnownFile keptByAnOlderSyncF = known(FoundEntry.file("a.txt", 5, MTIME, null));
        assertTrue(KnownFiles.isUnchanged(keptByAnOlderSyncF, FoundEntry.file("a.txt", 5, MTIME, ETAG)),
                "no copy of every object after an upgrade");
    }
}
