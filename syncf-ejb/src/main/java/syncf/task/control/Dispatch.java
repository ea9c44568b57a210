package syncf.task.control;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import syncf.task.entity.EntryKind;
import syncf.task.entity.Task;

/**
 * Sends tasks to the workers, at least once. There is no transaction spanning database and
 * broker: tasks are committed first, then published, then marked published. A task whose
 * message was lost (broker down, node killed) stays due, and {@link #sweep} publishes it again.
 * Small files travel in batches, several task ids to a message ({@link TaskBatches}).
 */
@Stateless
public class Dispatch {

    private static final System.Logger LOG = System.getLogger(Dispatch.class.getName());
    static final int SWEEP_BATCH = 10_000;

    @PersistenceContext
    EntityManager em;

    @Inject
    TaskQueue queue;

    @Resource
    SessionContext context;

    @Inject
    @ConfigProperty(name = "syncf.dispatch.republish-after", defaultValue = "PT1M")
    Duration republishAfter;

    /** How long a new task is left to the scan that created it to publish, before the sweep may. */
    @Inject
    @ConfigProperty(name = "syncf.dispatch.publish-grace", defaultValue = "PT10S")
    Duration publishGrace;

    @Inject
    @ConfigProperty(name = "syncf.dispatch.batch-max-files", defaultValue = "100")
    int batchMaxFiles;

    @Inject
    @ConfigProperty(name = "syncf.dispatch.batch-max-bytes", defaultValue = "8388608")
    long batchMaxBytes;

    @Inject
    @ConfigProperty(name = "syncf.dispatch.batch-file-max-bytes", defaultValue = "1048576")
    long batchFileMaxBytes;

    private TaskBatches batches;

    @PostConstruct
    void configure() {
        batches = new TaskBatches(batchMaxFiles, batchMaxBytes, batchFileMaxBytes);
    }

    /** Publishes committed tasks, one message each; if the broker is away, leaves them to the sweeper. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int publish(List<UUID> taskIds) {
        return send(taskIds.stream().map(List::of).toList(), taskIds);
    }

    /** Publishes committed tasks, small files batched; if the broker is away, leaves them to the sweeper. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int publishBatched(List<DispatchItem> tasks) {
        return send(batches.pack(tasks), tasks.stream().map(DispatchItem::taskId).toList());
    }

    private int send(List<List<UUID>> messages, List<UUID> taskIds) {
        if (taskIds.isEmpty()) {
            return 0;
        }
        try {
            queue.publish(messages);
        } catch (IOException | RuntimeException e) {
            LOG.log(WARNING, "Broker unavailable ({0}); {1} tasks wait for the next sweep", e.getMessage(), taskIds.size());
            return 0;
        }
        em.createNamedQuery(Task.PUBLISHED)
                .setParameter("now", Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setParameter("ids", taskIds.stream().map(UUID::toString).toList())
                .executeUpdate();
        return taskIds.size();
    }

    /**
     * Publishes again what is due: a task never published that the scan is not about to publish
     * itself (older than the grace), a retry whose time came; and, only once the pipeline has
     * been quiet for {@code republishAfter} (no task of a running job changed: none claimed,
     * checkpointed, completed), a task published long ago and still not done. A task merely
     * queued behind a backlog is not published twice: while workers take tasks, its message is
     * most likely still in the queue; once they have nothing left to take, one not taken was lost.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int sweep() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<DispatchItem> due = new ArrayList<>(due(em.createNamedQuery(Task.DUE_UNPUBLISHED, Object[].class)
                .setParameter("fresh", now.minus(publishGrace))
                .setParameter("now", now)
                .setMaxResults(SWEEP_BATCH)
                .getResultList()));
        if (quietSince(now.minus(republishAfter))) {
            due.addAll(due(em.createNamedQuery(Task.DUE_AGAIN, Object[].class)
                    .setParameter("stale", now.minus(republishAfter))
                    .setParameter("now", now)
                    .setMaxResults(SWEEP_BATCH)
                    .getResultList()));
        }
        // through the container, so that the marking runs in a transaction of its own
        int published = context.getBusinessObject(Dispatch.class).publishBatched(due);
        if (published > 0) {
            LOG.log(INFO, "Sweep published {0} due tasks", published);
        }
        return published;
    }

    /** Whether no task of a running job has changed since {@code since}: the workers have nothing left to take. */
    private boolean quietSince(Instant since) {
        // the aggregate may come back converted (Instant) or as the column's epoch milliseconds
        Object last = em.createNamedQuery(Task.LAST_CHANGE_OF_RUNNING_JOBS).getSingleResult();
        if (last == null) {
            return true;
        }
        long millis = last instanceof Instant instant ? instant.toEpochMilli() : ((Number) last).longValue();
        return millis < since.toEpochMilli();
    }

    private static List<DispatchItem> due(List<Object[]> rows) {
        return rows.stream().map(row -> new DispatchItem(UUID.fromString((String) row[0]), UUID.fromString((String) row[1]),
                (EntryKind) row[2], ((Number) row[3]).longValue())).toList();
    }
}
