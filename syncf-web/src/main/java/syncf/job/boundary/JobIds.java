package syncf.job.boundary;

import java.util.UUID;
import java.util.regex.Pattern;
import syncf.error.InvalidInput;

/**
 * Job ids in paths. Parsed here rather than by JAX-RS, which answers a malformed path
 * parameter with a bare 404; and strictly, because {@link UUID#fromString} also accepts
 * forms such as {@code 1-1-1-1-1} that no job id ever has.
 */
public final class JobIds {

    private static final Pattern CANONICAL = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private JobIds() {
    }

    public static UUID parse(String text) {
        if (text == null || !CANONICAL.matcher(text).matches()) {
            throw new InvalidJobId("\"" + text + "\" is not a job id; job ids are UUIDs such as 3f2b1c9e-8a4d-4e2f-9b1a-0c6d7e8f9a0b");
        }
        return UUID.fromString(text);
    }

    static class InvalidJobId extends InvalidInput {

        InvalidJobId(String detail) {
            super(detail);
        }

        @Override
        public String slug() {
            return "invalid-job-id";
        }

        @Override
        public String title() {
            return "Invalid job id";
        }
    }
}
