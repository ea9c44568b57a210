package syncf.task.control;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import syncf.error.InvalidInput;
import syncf.storage.control.Storage;
import syncf.storage.control.Stores;
import syncf.storage.entity.StorageType;
import syncf.task.entity.Task;

/**
 * Removes the staged writes that no copy will go on with: on S3, multipart uploads older than
 * {@code syncf.stage.stale-after} (env {@code SYNCF_STAGE_STALE_AFTER}, default a day) that no
 * unfinished task's checkpoint names. A dead worker's upload is normally taken up by the next
 * (its checkpoint names it) and a killed job's or a failed task's is aborted at once; this
 * catches the rest (a crash before a copy's first checkpoint, a task superseded mid-upload),
 * which the store would otherwise keep, and bill, for ever. Like rclone's {@code cleanup}, it
 * treats the configured roots as SyncF's own.
 */
@Stateless
public class StaleStages {

    private static final System.Logger LOG = System.getLogger(StaleStages.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    Stores stores;

    @Inject
    @ConfigProperty(name = "syncf.stage.stale-after", defaultValue = "PT24H")
    Duration staleAfter;

    Clock clock = Clock.systemUTC();

    /** @return how many stages were removed */
    public int sweep() {
        Instant before = clock.instant().minus(staleAfter);
        int removed = 0;
        for (StorageType type : StorageType.values()) {
            Storage storage;
            try {
                storage = stores.of(type);
            } catch (InvalidInput notConfigured) {
                continue;
            }
            try {
                removed += storage.sweepStages(before, this::claimed);
            } catch (IOException e) {
                LOG.log(WARNING, "Sweeping the stale stages of {0} failed: {1}", type.apiName(), e.getMessage());
            }
        }
        if (removed > 0) {
            LOG.log(INFO, "Removed {0} stale staged writes (begun before {1}, claimed by no task)", removed, before);
        }
        return removed;
    }

    /** Whether an unfinished task's checkpoint names the stage: its id as a whole line of the state. */
    boolean claimed(String stageId) {
        String id = stageId.replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return em.createNamedQuery(Task.STAGE_CLAIMED, Long.class)
                .setParameter("line", "%\n" + id + "\n%")
                .getSingleResult() > 0;
    }
}
