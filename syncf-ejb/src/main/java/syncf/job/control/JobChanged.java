package syncf.job.control;

import java.util.UUID;
import syncf.job.entity.Interval;
import syncf.job.entity.JobStatus;

/** A job was created or changed state; fired inside the transaction that did it. */
public record JobChanged(UUID jobId, JobStatus status, Interval interval) {
}
