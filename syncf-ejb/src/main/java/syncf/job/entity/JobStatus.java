package syncf.job.entity;

import java.util.Locale;

/** The life of a job: it runs, may be paused and resumed, and ends killed, for good. */
public enum JobStatus {
    RUNNING, PAUSED, KILLED;

    /** The name the API shows, e.g. {@code "running"}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
