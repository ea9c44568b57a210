package syncf.task.boundary;

import static java.lang.System.Logger.Level.WARNING;

import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.UUID;
import syncf.job.control.JobChanged;
import syncf.job.entity.JobStatus;
import syncf.task.control.PartFiles;

/**
 * Once a kill is committed, removes the job's part files in the background (a timer due at
 * once), so that {@code DELETE /api/jobs/{id}} answers without walking the sink.
 */
@Singleton
public class KilledJobCleanup {

    private static final System.Logger LOG = System.getLogger(KilledJobCleanup.class.getName());

    @Resource
    TimerService timers;

    @Inject
    PartFiles partFiles;

    public void onJobChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobChanged change) {
        if (change.status() == JobStatus.KILLED) {
            timers.createSingleActionTimer(0, new TimerConfig(change.jobId().toString(), false));
        }
    }

    @Timeout
    void cleanUp(Timer timer) {
        try {
            partFiles.removeOfKilledJob(UUID.fromString((String) timer.getInfo()));
        } catch (RuntimeException e) {
            LOG.log(WARNING, "Removing the part files of killed job {0} failed: {1}", timer.getInfo(), e.toString());
        }
    }
}
