package syncf.transfer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha256Test {

    @Test
    void aSavedStateTakenUpElsewhereGivesTheWholeDigestAsTheFastOneDoes() {
        byte[] bytes = new byte[3_000_001];
        new Random(5).nextBytes(bytes);
        Sha256 fast = Sha256.fast();
        fast.update(ByteBuffer.wrap(bytes));
        String whole = fast.hex();

        for (int cut : new int[] {0, 1, 63, 64, 65, 1_000_000, bytes.length}) {
            Sha256 first = Sha256.portable();
            ByteBuffer direct = ByteBuffer.allocateDirect(cut);
            direct.put(bytes, 0, cut).flip();
            first.update(direct);
            Sha256 second = Sha256.resumed(first.state());
            second.update(ByteBuffer.wrap(bytes, cut, bytes.length - cut));
            assertEquals(whole, second.hex(), "cut at " + cut);
        }
        assertNull(Sha256.fast().state(), "the JDK's state cannot be saved");
        assertThrows(IllegalArgumentException.class, () -> Sha256.resumed("not a state"));
        assertThrows(IllegalArgumentException.class, () -> Sha256.resumed("AAAA"), "Base64, but no digest state");
    }
}
