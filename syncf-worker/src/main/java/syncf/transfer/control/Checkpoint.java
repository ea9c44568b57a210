package syncf.transfer.control;

/**
 * Told after each chunk how many bytes of the part file are written; the worker commits it
 * with the task's progress. Throwing stops the copy: what is past the last committed
 * checkpoint is cut off again when the copy resumes.
 */
@FunctionalInterface
public interface Checkpoint {

    void reached(long offset);
}
