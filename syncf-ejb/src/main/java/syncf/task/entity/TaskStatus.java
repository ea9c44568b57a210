package syncf.task.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where one file's copy stands. {@code SKIPPED} is final like {@code COMPLETED}: the scan found
 * an entry it will not copy (a symbolic link leading out of the source), and says why.
 */
public enum TaskStatus {
    PENDING, IN_PROGRESS, COMPLETED, FAILED, RETRYING, SKIPPED;

    /** The name the API shows, e.g. {@code "in_progress"}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskStatus parse(String value) {
        for (TaskStatus status : values()) {
            if (status.apiName().equals(value)) {
                return status;
            }
        }
        throw new UnknownTaskStatus("status \"" + value + "\" is not a task state; use one of "
                + Arrays.stream(values()).map(TaskStatus::apiName).collect(Collectors.joining(", ")));
    }
}
