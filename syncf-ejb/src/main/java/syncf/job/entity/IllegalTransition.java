package syncf.job.entity;

import java.util.UUID;
import syncf.error.Conflict;

/** A state change the job's current state does not allow, such as resuming a running job. */
public class IllegalTransition extends Conflict {

    public IllegalTransition(UUID jobId, JobStatus from, String action, String why) {
        super("cannot " + action + " job " + jobId + ": it is " + from.apiName() + "; " + why);
    }

    @Override
    public String slug() {
        return "illegal-transition";
    }

    @Override
    public String title() {
        return "Illegal job state change";
    }
}
