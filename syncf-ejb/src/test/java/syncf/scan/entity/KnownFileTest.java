package syncf.scan.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import syncf.task.entity.EntryKind;

class KnownFileTest {

    private static final long MTIME = 1_700_000_123_000L;
    private static final String ETAG = "\"0123456789abcdef0123456789abcdef\"";
    private static final String OTHER_ETAG = "\"fedcba9876543210fedcba9876543210\"";

    private static KnownFile known(String tag) {
        return new KnownFile(UUID.randomUUID(), "dir", "f.bin", EntryKind.FILE, 10, MTIME, tag, UUID.randomUUID());
    }

    @Test
    void aLocalFileIsTheSameVersionByKindSizeAndTimeAlone() {
        KnownFile file = known(null);
        assertTrue(file.isSameVersion(EntryKind.FILE, 10, MTIME, null));
        assertFalse(file.isSameVersion(EntryKind.FILE, 11, MTIME, null));
        assertFalse(file.isSameVersion(EntryKind.FILE, 10, MTIME + 1, null));
        assertFalse(file.isSameVersion(EntryKind.SYMLINK, 10, MTIME, null));
    }

    @Test
    void aDifferentTagOfTheSameSizeAndTimeIsAChangeWhenBothHaveOne() {
        KnownFile object = known(ETAG);
        assertTrue(object.isSameVersion(EntryKind.FILE, 10, MTIME, ETAG));
        assertFalse(object.isSameVersion(EntryKind.FILE, 10, MTIME, OTHER_ETAG), "replaced within the same second");
        assertFalse(object.isSameVersion(EntryKind.FILE, 11, MTIME, ETAG));
        assertTrue(object.isSameVersion(EntryKind.FILE, 10, MTIME, null), "a tag on one side only is no change");
        assertTrue(known(null).isSameVersion(EntryKind.FILE, 10, MTIME, ETAG), "a version known before tags were kept");
    }

    @Test
    void aChangeRecordsTheFoundTagAndAVersionKnownWithoutOneLearnsIt() {
        KnownFile object = known(ETAG);
        UUID task = UUID.randomUUID();
        object.changedTo(EntryKind.FILE, 10, MTIME, OTHER_ETAG, task);
        assertEquals(OTHER_ETAG, object.tag());
        assertEquals(task.toString(), object.taskId());
        assertFalse(object.isSameVersion(EntryKind.FILE, 10, MTIME, ETAG), "the old object is now a change");

        object.foundAgain(ETAG);
        assertEquals(OTHER_ETAG, object.tag(), "a known tag is never replaced without a change");
        KnownFile older = known(null);
        older.foundAgain(ETAG);
        assertEquals(ETAG, older.tag());
        assertFalse(older.isSameVersion(EntryKind.FILE, 10, MTIME, OTHER_ETAG), "a later replacement is then seen");
        KnownFile local = known(null);
        local.foundAgain(null);
        assertNull(local.tag());
    }

    @Test
    void anEmptyDirectoryIsTheSameVersionWhileItIsADirectory() {
        KnownFile dir = new KnownFile(UUID.randomUUID(), "", "d", EntryKind.DIRECTORY, 0, MTIME, null, UUID.randomUUID());
        assertTrue(dir.isSameVersion(EntryKind.DIRECTORY, 0, MTIME + 5_000, null));
        assertFalse(dir.isSameVersion(EntryKind.FILE, 0, MTIME, null));
    }

    @Test
    void aDirectoryIsItsOwnKeyUpToTheLimitAndAHashPastIt() {
        String short1000 = "d".repeat(1000);
        assertEquals("", KnownFile.keyOf(""));
        assertEquals(short1000, KnownFile.keyOf(short1000));
        String multibyte = "\u00e9".repeat(501); // 1002 bytes in 501 characters: the limit counts bytes
        assertTrue(KnownFile.keyOf(multibyte).matches("/[0-9a-f]{64}"), KnownFile.keyOf(multibyte));
        String deep = "d".repeat(4000);
        assertEquals(65, KnownFile.keyOf(deep).length());
        assertEquals(KnownFile.keyOf(deep), KnownFile.keyOf("d".repeat(4000)), "the same directory, the same key");
        assertNotEquals(KnownFile.keyOf(deep), KnownFile.keyOf(deep + "e"));
    }
}
