package syncf.task.control;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import syncf.error.InvalidInput;
import syncf.job.entity.Job;
import syncf.storage.control.Storage;
import syncf.storage.control.Stores;
import syncf.task.entity.Task;
import syncf.task.entity.TaskStatus;

/**
 * Removes what the copies of a killed job left at the sink: the staged write (part file) of every task the
 * kill ended. A worker still copying one finds its task gone at its next checkpoint and removes
 * its own (a part file unlinked under it is harmless: it can no longer be renamed into place);
 * this covers the copies no worker holds, paused ones and those of a worker that died.
 */
@Stateless
public class PartFiles {

    private static final System.Logger LOG = System.getLogger(PartFiles.class.getName());
    private static final int PAGE = 500;

    @PersistenceContext
    EntityManager em;

    @Inject
    Stores stores;

    /** @return how many part files were removed */
    public int removeOfKilledJob(UUID jobId) {
        Job job = em.find(Job.class, jobId.toString());
        if (job == null) {
            return 0;
        }
        int removed = 0;
        for (int offset = 0;; offset += PAGE) {
            List<Task> ended = em.createNamedQuery(Task.OF_JOB_WITH_STATUS, Task.class)
                    .setParameter("jobId", jobId.toString())
                    .setParameter("status", TaskStatus.FAILED)
                    .setFirstResult(offset)
                    .setMaxResults(PAGE)
                    .getResultList();
            for (Task task : ended) {
                removed += remove(job, task) ? 1 : 0;
            }
            if (ended.size() < PAGE) {
                break;
            }
        }
        LOG.log(INFO, "Job {0} killed: {1} part files removed", jobId, removed);
        return removed;
    }

    private boolean remove(Job job, Task task) {
        try {
            Storage sink = stores.of(job.sinkType());
            return sink.abandon(sink.locateEntry("sink_path", job.sinkPath() + "/" + task.filePath()));
        } catch (InvalidInput | IOException e) {
            LOG.log(WARNING, "Cannot remove the part file of {0}: {1}", task.filePath(), e.getMessage());
            return false;
        }
    }
}
