package syncf.scan.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KnownFileTest {

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
