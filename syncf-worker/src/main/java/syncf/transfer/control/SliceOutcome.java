package syncf.transfer.control;

/** Where one slice of a copy left it. {@code sourceBytesRead} is what this slice read from the source. */
public sealed interface SliceOutcome {

    long offset();

    long sourceBytesRead();

    /** More to copy: the next slice starts at {@code offset}. */
    record Progressed(long offset, long sourceBytesRead) implements SliceOutcome {
    }

    /** The target is in place, whole, with this SHA-256 (lower-case hex). */
    record Completed(long offset, long sourceBytesRead, String sha256) implements SliceOutcome {
    }
}
