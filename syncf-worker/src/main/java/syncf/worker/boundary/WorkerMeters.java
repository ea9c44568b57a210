package syncf.worker.boundary;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import syncf.transfer.control.CopyActivity;
import syncf.transfer.control.FailureReason;

/**
 * The worker's metrics, in a registry of this module's own (docs/adr/0023): what
 * {@link CopyActivity} counts, read from its counters (the ones the {@code syncf:type=Worker}
 * MBean shows), the copies' durations, and the messages the adapter set aside. Counters start at
 * zero with the process, as Prometheus expects of a counter; no job id and no path is a label.
 */
@ApplicationScoped
public class WorkerMeters {

    /** From one small file on a local disk to a slice of 16 chunks of 8 MiB held to a bandwidth limit. */
    private static final Duration[] COPY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<CopyActivity.Message, Timer> copies = new EnumMap<>(CopyActivity.Message.class);

    public WorkerMeters() {
        for (CopyActivity.Message message : CopyActivity.Message.values()) {
            copies.put(message, Timer.builder("syncf.copy.duration")
                    .description("How long a worker took to copy one message: a task's slice, or a batch of small files")
                    .tag("message", message.name().toLowerCase(Locale.ROOT))
                    .serviceLevelObjectives(COPY_BUCKETS)
                    .register(registry));
        }
    }

    /** Binds the figures of this worker, named {@code workerId}, read from {@code activity} at each scrape. */
    public void bind(CopyActivity activity, String workerId) {
        Gauge.builder("syncf.worker.info", () -> 1).description("The worker's slave_id, as its tasks show it")
                .tag("worker_id", workerId).strongReference(true).register(registry);
        Gauge.builder("syncf.worker.sessions.busy", activity, CopyActivity::busySessions)
                .description("Messages this worker copies now (each a task's slice or a batch), at most its sessions")
                .strongReference(true).register(registry);
        Gauge.builder("syncf.worker.active.copies", activity, CopyActivity::activeCopies)
                .description("Claimed tasks this worker copies now: a file, each file and entry of a batch")
                .strongReference(true).register(registry);
        count("syncf.files.copied", "Files whose copy this worker completed", null, activity, CopyActivity::copiedFiles);
        count("syncf.copied", "Bytes of files this worker copied (a large file's at each checkpoint; copies inside a store"
                + " included)", "bytes", activity, CopyActivity::copiedBytes);
        count("syncf.resumes", "Copies this worker went on with from a checkpoint it did not leave itself", null, activity,
                CopyActivity::resumes);
        count("syncf.reread", "Source bytes read again by those resumes", "bytes", activity, CopyActivity::rereadBytes);
        count("syncf.task.retries", "Failed attempts this worker had, whose task is retried later", null, activity,
                CopyActivity::retries);
        for (FailureReason reason : FailureReason.values()) {
            FunctionCounter.builder("syncf.task.failures", activity, copied -> copied.failures(reason))
                    .description("Tasks this worker ended failed, by reason").tag("reason", reason.label())
                    .register(registry);
        }
        FunctionCounter.builder("syncf.messages.set.aside", registry,
                        ignored -> TaskQueueActivation.read().map(TaskQueueActivation::setAside).orElse(0L))
                .description("Task messages no worker could read, moved to syncf.tasks.dead by the adapter since it started")
                .register(registry);
    }

    private void count(String name, String description, String unit, CopyActivity activity,
            ToLongFunction<CopyActivity> of) {
        FunctionCounter.builder(name, activity, copied -> of.applyAsLong(copied)).description(description).baseUnit(unit)
                .register(registry);
    }

    /** One message's copy took {@code nanos}. */
    public void copyTook(CopyActivity.Message message, long nanos) {
        copies.get(message).record(Duration.ofNanos(nanos));
    }

    /** The exposition, in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    @PreDestroy
    void close() {
        registry.close();
    }
}
