package syncf.task.control;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import syncf.task.entity.Task;

/**
 * Records how far a copy got. One conditional UPDATE that only moves forward: no read
 * first, so no lost update and no lock upgrade, and a late or duplicate checkpoint from a
 * slower worker can never move a task back.
 */
@Stateless
public class TaskProgress {

    @PersistenceContext
    EntityManager em;

    /** @return whether the checkpoint moved forward (false: the task was already at or past {@code offset}) */
    public boolean checkpoint(UUID taskId, long offset) {
        return em.createNamedQuery(Task.CHECKPOINT)
                .setParameter("offset", offset)
                .setParameter("now", Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setParameter("id", taskId.toString())
                .executeUpdate() == 1;
    }
}
