package syncf.it;

import jakarta.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.UUID;

/** Builds job requests and source trees for the tests. */
public final class Jobs {

    private Jobs() {
    }

    public static String request(String source, String sink, String interval) {
        return Json.createObjectBuilder()
                .add("source_path", source)
                .add("sink_path", sink)
                .add("source_type", "local")
                .add("sink_type", "local")
                .add("interval", interval)
                .build().toString();
    }

    /** A new, empty source directory under the node's base; returns its relative path. */
    static String newSource(Node node) {
        String name = "src-" + UUID.randomUUID();
        try {
            Files.createDirectories(node.base().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name;
    }

    /** Submits a job over a new source; returns its id. */
    static String submit(Node node, String interval) {
        String source = newSource(node);
        Reply reply = node.api().post("api/jobs", request(source, "backup/" + source, interval));
        if (reply.status() != 201) {
            throw new AssertionError("submit failed: " + reply);
        }
        return reply.json().getString("job_id");
    }
}
