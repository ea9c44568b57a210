package syncf.transfer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CountedBytesTest {

    @Test
    void eachCheckpointAddsWhatItCopiedBeyondTheLast() {
        CountedBytes counted = new CountedBytes(0);
        assertEquals(4, counted.advanceTo(4));
        assertEquals(4, counted.advanceTo(8));
        assertEquals(2, counted.advanceTo(10));
    }

    @Test
    void aTakenOverCopyCountsOnlyBeyondTheCheckpointItFound() {
        CountedBytes counted = new CountedBytes(8);
        assertEquals(4, counted.advanceTo(12));
    }

    @Test
    void aCopyThatStartsAgainBelowItsCheckpointTakesNothingOffAndCountsNothingTwice() {
        CountedBytes counted = new CountedBytes(8);
        assertEquals(0, counted.advanceTo(4), "the staged bytes were lost: the copy is below what was counted");
        assertEquals(0, counted.advanceTo(8));
        assertEquals(4, counted.advanceTo(12));
    }
}
