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
import jakarta.persistence.TypedQuery;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
     * itself (older than the grace), a retry whose time came, a task whose holder let its lease
     * run out (it died: a live holder renews its lease at every checkpoint); and, only once the
     * pipeline has been quiet for {@code republishAfter} (no task of a running job changed: none
     * claimed, checkpointed, completed), a task published long ago and still not done. A task
     * merely queued behind a backlog is not published twice: while workers take tasks, its
     * message is most likely still in the queue; once they have nothing left to take, one not
     * taken was lost.
     *
     * <p>A dead worker's message is redelivered at once, while its lease still runs, and the
     * worker it reaches drops it (the task is held); so the lease's end, not a redelivery, is
     * what hands the copy on: a task is published once after its lease ran out (not again until
     * someone claims it), and {@link #nextLeaseEnd} tells the sweep's caller when to look next.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int sweep() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<UUID, DispatchItem> due = new LinkedHashMap<>();
        add(due, em.createNamedQuery(Task.DUE_UNPUBLISHED, Object[].class)
                .setParameter("fresh", now.minus(publishGrace))
                .setParameter("now", now));
        add(due, em.createNamedQuery(Task.DUE_AFTER_LEASE, Object[].class)
                .setParameter("now", now));
        if (quietSince(now.minus(republishAfter))) {
            add(due, em.createNamedQuery(Task.DUE_AGAIN, Object[].class)
                    .setParameter("stale", now.minus(republishAfter))
                    .setParameter("now", now));
        }
        // through the container, so that the marking runs in a transaction of its own
        int published = context.getBusinessObject(Dispatch.class).publishBatched(new ArrayList<>(due.values()));
        if (published > 0) {
            LOG.log(INFO, "Sweep published {0} due tasks", published);
        }
        return published;
    }

    /**
     * When the first lease still running (of a running job's task) ends: if its holder has not
     * renewed it by then, the holder died and {@link #sweep} hands the task on. Empty when no
     * task is held.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Optional<Instant> nextLeaseEnd() {
        return instantOf(em.createNamedQuery(Task.NEXT_LEASE_END)
                .setParameter("now", Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .getSingleResult());
    }

    /** Whether no task of a running job has changed since {@code since}: the workers have nothing left to take. */
    private boolean quietSince(Instant since) {
        return instantOf(em.createNamedQuery(Task.LAST_CHANGE_OF_RUNNING_JOBS).getSingleResult())
                .map(last -> last.isBefore(since))
                .orElse(true);
    }

    /** An aggregate of an instant column may come back converted (Instant) or as the column's epoch milliseconds. */
    private static Optional<Instant> instantOf(Object aggregate) {
        if (aggregate == null) {
            return Optional.empty();
        }
        return Optional.of(aggregate instanceof Instant instant ? instant
                : Instant.ofEpochMilli(((Number) aggregate).longValue()));
    }

    /** Adds the tasks a query finds due, each once: a task may be due by more than one rule. */
    private static void add(Map<UUID, DispatchItem> due, TypedQuery<Object[]> query) {
        for (Object[] row : query.setMaxResults(SWEEP_BATCH).getResultList()) {
            DispatchItem item = new DispatchItem(UUID.fromString((String) row[0]), UUID.fromString((String) row[1]),
                    (EntryKind) row[2], ((Number) row[3]).longValue());
            due.putIfAbsent(item.taskId(), item);
        }
    }
}
