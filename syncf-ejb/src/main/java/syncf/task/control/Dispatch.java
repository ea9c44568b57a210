package syncf.task.control;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import syncf.task.entity.Task;

/**
 * Sends tasks to the workers, at least once. There is no transaction spanning database and
 * broker: tasks are committed first, then published, then marked published. A task whose
 * message was lost (broker down, node killed) stays due, and {@link #sweep} publishes it again.
 */
@Stateless
public class Dispatch {

    private static final System.Logger LOG = System.getLogger(Dispatch.class.getName());
    static final int SWEEP_BATCH = 500;

    @PersistenceContext
    EntityManager em;

    @Inject
    TaskQueue queue;

    @Resource
    SessionContext context;

    @Inject
    @ConfigProperty(name = "syncf.dispatch.republish-after", defaultValue = "PT1M")
    Duration republishAfter;

    /** Publishes committed tasks; if the broker is away, leaves them to the sweeper. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int publish(List<UUID> taskIds) {
        if (taskIds.isEmpty()) {
            return 0;
        }
        try {
            queue.publish(taskIds);
        } catch (JMSException | RuntimeException e) {
            LOG.log(WARNING, "Broker unavailable ({0}); {1} tasks wait for the next sweep", e.getMessage(), taskIds.size());
            return 0;
        }
        em.createNamedQuery(Task.PUBLISHED)
                .setParameter("now", Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setParameter("ids", taskIds.stream().map(UUID::toString).toList())
                .executeUpdate();
        return taskIds.size();
    }

    /** Publishes again what is due: never published, published long ago and not done, or a retry whose time came. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int sweep() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<UUID> due = em.createNamedQuery(Task.DUE_FOR_DISPATCH, String.class)
                .setParameter("stale", now.minus(republishAfter))
                .setParameter("now", now)
                .setMaxResults(SWEEP_BATCH)
                .getResultList().stream().map(UUID::fromString).toList();
        // through the container, so that the marking runs in a transaction of its own
        int published = context.getBusinessObject(Dispatch.class).publish(due);
        if (published > 0) {
            LOG.log(INFO, "Sweep published {0} due tasks", published);
        }
        return published;
    }
}
