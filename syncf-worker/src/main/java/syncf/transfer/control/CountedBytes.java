package syncf.transfer.control;

/**
 * What the worker's figures have counted of one file's bytes: a copy adds only what lies beyond
 * the furthest offset counted, so one that starts again below its checkpoint (its staged bytes
 * gone) neither takes bytes off the counter nor counts them twice. Bytes read again are the
 * resumes' figure, not this one.
 */
final class CountedBytes {

    private long furthest;

    /** @param counted the offset the figures have already: the task's checkpoint when this worker took it */
    CountedBytes(long counted) {
        this.furthest = counted;
    }

    /** The copy is at {@code offset} now: the bytes to add to the figures, never below zero. */
    long advanceTo(long offset) {
        long added = Math.max(0, offset - furthest);
        furthest = Math.max(furthest, offset);
        return added;
    }
}
