package syncf.job.control;

import java.util.UUID;
import syncf.error.NotFound;

public class UnknownJob extends NotFound {

    public UnknownJob(UUID id) {
        super("no job with id " + id);
    }

    @Override
    public String slug() {
        return "unknown-job";
    }

    @Override
    public String title() {
        return "Unknown job";
    }
}
