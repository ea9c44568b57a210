package syncf.job.control;

import java.util.UUID;
import syncf.error.Conflict;

/** Two requests changed the same job at once; this one lost and changed nothing. */
public class ConcurrentChange extends Conflict {

    public ConcurrentChange(UUID id) {
        super("job " + id + " was changed by another request at the same time; read it again and retry");
    }

    @Override
    public String slug() {
        return "concurrent-change";
    }

    @Override
    public String title() {
        return "Concurrent change";
    }
}
