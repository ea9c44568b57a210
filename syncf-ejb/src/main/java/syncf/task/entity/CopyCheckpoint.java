package syncf.task.entity;

/**
 * How far a copy got, as its last committed checkpoint says: the offset up to which the target
 * is staged, what the sink's storage needs to take the stage up again where the target alone
 * does not lead to it ({@code stageState}, the storage's own text; null locally, where the part
 * file is found from the target), and the SHA-256 state at the offset ({@code digestState};
 * null where the staged bytes can be read back to rebuild it).
 */
public record CopyCheckpoint(long offset, String stageState, String digestState) {

    public static final CopyCheckpoint START = new CopyCheckpoint(0, null, null);

    public CopyCheckpoint {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
    }

    public static CopyCheckpoint at(long offset) {
        return new CopyCheckpoint(offset, null, null);
    }
}
