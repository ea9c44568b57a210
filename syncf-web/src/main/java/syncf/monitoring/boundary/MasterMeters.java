package syncf.monitoring.boundary;

import static java.lang.System.Logger.Level.DEBUG;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import syncf.job.entity.JobStatus;
import syncf.task.entity.TaskStatus;

/**
 * The master's metrics, in a registry of this module's own (docs/adr/0023): the jobs and tasks by
 * state, the bytes of every job and the dispatch queue, which are {@link JobFigures} read once per
 * scrape (the same reading the {@code syncf:type=Jobs} MBean shows); and what the scans did, which
 * {@link #scanned} counts where the scans run. No job id and no path is a label: a series per job
 * or per file would grow without bound.
 */
@ApplicationScoped
public class MasterMeters {

    private static final System.Logger LOG = System.getLogger(MasterMeters.class.getName());
    /** From a small directory on a local disk to a million entries in S3. */
    private static final Duration[] SCAN_BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
        Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** The figures of the scrape under way; null when they could not be read (the database away). */
    private final AtomicReference<JobFigures> scraped = new AtomicReference<>();
    private final Timer scans;
    private final Counter entries;

    public MasterMeters() {
        for (JobStatus status : JobStatus.values()) {
            figure("syncf.jobs", "Jobs in each state", figures -> figures.jobsIn(status))
                    .tag("state", status.apiName()).register(registry);
        }
        for (TaskStatus status : TaskStatus.values()) {
            figure("syncf.tasks", "Tasks of every job in each state, as tracking counts them",
                    figures -> figures.tasks().count(status)).tag("state", status.apiName()).register(registry);
        }
        figure("syncf.jobs.size", "Bytes of every job's files to copy (skipped entries left out)",
                figures -> figures.tasks().totalBytes()).baseUnit("bytes").register(registry);
        figure("syncf.jobs.copied", "Bytes of those copied so far, files under way up to their last checkpoint",
                figures -> figures.tasks().copiedBytes()).baseUnit("bytes").register(registry);
        figure("syncf.dispatch.queue", "Tasks of running jobs waiting for a worker to take them (pending or retrying)",
                JobFigures::queuedTasks).baseUnit("tasks").register(registry);
        scans = Timer.builder("syncf.scan.duration")
                .description("How long each scan of a job's source took, from its first listing to its last batch recorded")
                .serviceLevelObjectives(SCAN_BUCKETS)
                .register(registry);
        entries = Counter.builder("syncf.scan.entries")
                .description("Entries the scans listed: files, links and directories, new, changed or not")
                .register(registry);
    }

    private Gauge.Builder<AtomicReference<JobFigures>> figure(String name, String description,
            ToDoubleFunction<JobFigures> of) {
        return Gauge.builder(name, scraped, current -> {
            JobFigures figures = current.get();
            return figures == null ? Double.NaN : of.applyAsDouble(figures);
        }).description(description).strongReference(true);
    }

    /** One scan ran to its end (or to the pause that stopped it), listing {@code listed} entries. */
    public void scanned(Duration took, long listed) {
        scans.record(took);
        entries.increment(listed);
    }

    /** The clients following an event stream now, as {@code subscribers} counts them at each scrape. */
    public void streams(IntSupplier subscribers) {
        Gauge.builder("syncf.live.subscribers", subscribers::getAsInt)
                .description("Clients following an event stream (the dashboard, scripts)").register(registry);
    }

    /**
     * The exposition: the figures read once for every gauge of it; where they cannot be read, the
     * gauges are NaN and the counters still answer.
     */
    public synchronized String scrape(Supplier<JobFigures> figures) {
        try {
            scraped.set(figures.get());
        } catch (RuntimeException e) {
            LOG.log(DEBUG, "Master figures not read for this scrape: {0}", e.toString());
            scraped.set(null);
        }
        return registry.scrape();
    }

    @PreDestroy
    void close() {
        registry.close();
    }
}
