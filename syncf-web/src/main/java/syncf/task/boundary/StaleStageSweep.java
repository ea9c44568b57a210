package syncf.task.boundary;

import static java.lang.System.Logger.Level.WARNING;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import syncf.task.control.StaleStages;

/**
 * On the master, every {@code syncf.stage.sweep-interval} (env {@code SYNCF_STAGE_SWEEP_INTERVAL},
 * default an hour; the first a minute after the start): the staged writes no copy goes on with
 * are removed ({@link StaleStages}).
 */
@Singleton
@Startup
public class StaleStageSweep {

    private static final System.Logger LOG = System.getLogger(StaleStageSweep.class.getName());

    @Inject
    StaleStages stages;

    @Resource
    TimerService timers;

    @Inject
    @ConfigProperty(name = "syncf.stage.sweep-interval", defaultValue = "PT1H")
    Duration interval;

    @PostConstruct
    void schedule() {
        long every = interval.toMillis();
        timers.createIntervalTimer(Math.min(every, Duration.ofMinutes(1).toMillis()), every, new TimerConfig(null, false));
    }

    @Timeout
    void sweep() {
        try {
            stages.sweep();
        } catch (RuntimeException e) {
            LOG.log(WARNING, "The sweep of stale staged writes failed; the next one tries again: {0}", e.toString());
        }
    }
}
