package syncf.it.arquillian;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import syncf.job.entity.Interval;
import syncf.job.entity.Job;
import syncf.storage.entity.StorageType;
import syncf.task.control.TaskLifecycle;
import syncf.task.entity.CopyCheckpoint;
import syncf.task.entity.Task;

/**
 * Test-only resource, deployed into the master WAR by {@link TasksInContainerIT} and never
 * shipped: it creates tasks, and checkpoints them from server threads the way workers do:
 * each thread takes its task, then checkpoints it through the real {@link TaskLifecycle}, one
 * transaction per checkpoint.
 */
@Stateless
@Path("checkpoint-probe")
@Produces(MediaType.APPLICATION_JSON)
public class CheckpointProbe {

    static final long FILE_SIZE = 1_000_000;
    static final Duration LEASE = Duration.ofMinutes(5);

    @PersistenceContext
    EntityManager em;

    @Inject
    TaskLifecycle lifecycle;

    @Resource
    ManagedExecutorService executor;

    @POST
    @Path("tasks")
    public JsonObject tasks(@QueryParam("count") int count) {
        Job job = new Job("probe-src", StorageType.LOCAL, "probe-sink", StorageType.LOCAL, Interval.parse("1h"));
        em.persist(job);
        JsonArrayBuilder ids = Json.createArrayBuilder();
        for (int i = 0; i < count; i++) {
            Task task = new Task(job.id(), "file-" + i, FILE_SIZE, null);
            em.persist(task);
            ids.add(task.id().toString());
        }
        return Json.createObjectBuilder().add("job_id", job.id().toString()).add("task_ids", ids).build();
    }

    /** One server thread per task, each checkpointing offsets 1..updates in order. */
    @POST
    @Path("run")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public JsonObject run(@QueryParam("updates") int updates, String taskIds) throws Exception {
        AtomicInteger ok = new AtomicInteger();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        long startedAt = System.currentTimeMillis();
        List<Future<?>> writers = new ArrayList<>();
        for (String id : taskIds.strip().split("\\s+")) {
            UUID taskId = UUID.fromString(id);
            String worker = "server-" + taskId;
            writers.add(executor.submit(() -> {
                if (lifecycle.claim(taskId, worker, LEASE).isEmpty()) {
                    errors.add("could not take " + taskId);
                    return;
                }
                for (long offset = 1; offset <= updates; offset++) {
                    try {
                        lifecycle.checkpoint(taskId, worker, CopyCheckpoint.at(offset), LEASE);
                        ok.incrementAndGet();
                    } catch (RuntimeException e) {
                        errors.add(String.valueOf(rootCause(e).getMessage()));
                    }
                }
            }));
        }
        for (Future<?> writer : writers) {
            writer.get();
        }
        JsonArrayBuilder sample = Json.createArrayBuilder();
        errors.stream().limit(5).forEach(sample::add);
        return Json.createObjectBuilder()
                .add("ok", ok.get())
                .add("failed", errors.size())
                .add("errors", sample)
                .add("started_at", startedAt)
                .add("ended_at", System.currentTimeMillis())
                .build();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
