package syncf.task.entity;

import jakarta.ejb.ApplicationException;
import java.util.UUID;

/**
 * This worker no longer holds the task: its lease ran out and another worker took it over, or
 * the job was killed. The worker stops writing at once.
 */
@ApplicationException(rollback = true)
public class LeaseLost extends RuntimeException {

    public LeaseLost(UUID taskId, String worker) {
        super("worker " + worker + " no longer holds task " + taskId);
    }
}
