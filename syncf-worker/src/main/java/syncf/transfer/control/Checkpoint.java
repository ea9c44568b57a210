package syncf.transfer.control;

import syncf.task.entity.CopyCheckpoint;

/**
 * Told after each chunk (each part, where the sink stages larger parts) how far the copy is
 * staged, with what a resume elsewhere needs; the worker commits it with the task's progress.
 * Throwing stops the copy: what is past the last committed checkpoint is cut off again when the
 * copy resumes.
 */
@FunctionalInterface
public interface Checkpoint {

    void reached(CopyCheckpoint at);

    /**
     * Told before a slice that goes on from a checkpoint this copier did not leave in memory
     * (another worker's, a crashed one's, a failed attempt's): {@code reread} source bytes are
     * read again, the bytes written past the checkpoint, or all of it if the part file was lost.
     */
    default void resumed(long reread) {
        // most callers only count progress
    }

    /** Told while the commit, which may take long (on S3, a large object's copy onto itself), is still at work. */
    default void going() {
        // most callers hold no lease
    }
}
