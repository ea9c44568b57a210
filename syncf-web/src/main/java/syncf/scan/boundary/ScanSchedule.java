package syncf.scan.boundary;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import syncf.job.control.JobChanged;
import syncf.job.control.JobService;
import syncf.job.entity.Interval;
import syncf.job.entity.Job;
import syncf.job.entity.JobStatus;
import syncf.monitoring.boundary.MasterMeters;
import syncf.scan.control.SourceScan;

/**
 * One interval timer per running job, which only starts a scan. Timers are not persistent:
 * the database is the source of truth, and at start-up the master schedules every job it
 * finds running. A job's timer starts when it is submitted or resumed and is cancelled when it
 * is paused or killed. The first scan runs at once on a managed thread, not on the timer: the
 * server delivers no timer sooner than its minimum delivery interval (a second on Payara),
 * which every job, and every resume, would wait for. Two scans of one job never overlap.
 * A scan that fails (the database went away mid-scan) is tried again after
 * {@code syncf.scan.retry-after}, whatever the interval.
 */
@Startup
@Singleton
@DependsOn("MasterStartup")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ScanSchedule {

    private static final System.Logger LOG = System.getLogger(ScanSchedule.class.getName());

    @Resource
    TimerService timers;

    @Resource
    SessionContext context;

    @Resource
    ManagedExecutorService executor;

    @Inject
    JobService jobs;

    @Inject
    SourceScan scan;

    @Inject
    MasterMeters meters;

    /** A scan cut off by a failure (the database restarting, say) is tried again this soon, not an interval later. */
    @Inject
    @ConfigProperty(name = "syncf.scan.retry-after", defaultValue = "PT10S")
    Duration retryAfter;

    private final Set<UUID> scanning = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void scheduleRunningJobs() {
        for (Job job : jobs.withStatus(JobStatus.RUNNING)) {
            schedule(job.id(), job.interval());
        }
        LOG.log(INFO, "Scheduled scans of {0} running jobs", timers.getTimers().size());
    }

    /** After the change is committed: a rolled-back pause must not stop the timer. */
    public void onJobChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobChanged change) {
        cancel(change.jobId());
        if (change.status() == JobStatus.RUNNING) {
            schedule(change.jobId(), change.interval());
        }
    }

    @Timeout
    void scanDue(Timer timer) {
        scanUnlessScanning(UUID.fromString((String) timer.getInfo()));
    }

    private void scanUnlessScanning(UUID jobId) {
        if (!scanning.add(jobId)) {
            return; // the previous scan of this job is still running; this tick is skipped
        }
        try {
            long started = System.nanoTime();
            SourceScan.Outcome outcome = scan.scan(jobId);
            meters.scanned(Duration.ofNanos(System.nanoTime() - started), outcome.entries());
        } catch (RuntimeException e) {
            // what the scan committed stays; the retry goes on from there, as the next tick would
            LOG.log(WARNING, "Scan of job " + jobId + " failed; trying again in " + retryAfter, e);
            timers.createSingleActionTimer(retryAfter.toMillis(), new TimerConfig(jobId.toString(), false));
        } finally {
            scanning.remove(jobId);
        }
    }

    private void schedule(UUID jobId, Interval interval) {
        timers.createIntervalTimer(interval.toMillis(), interval.toMillis(), new TimerConfig(jobId.toString(), false));
        // through the container: a scan that fails schedules its retry, which needs an EJB invocation
        ScanSchedule self = context.getBusinessObject(ScanSchedule.class);
        executor.execute(() -> self.scanNow(jobId));
    }

    /** The first scan of a job submitted or resumed, on a managed thread. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void scanNow(UUID jobId) {
        scanUnlessScanning(jobId);
    }

    private void cancel(UUID jobId) {
        for (Timer timer : timers.getTimers()) {
            if (jobId.toString().equals(timer.getInfo())) {
                timer.cancel();
            }
        }
    }
}
