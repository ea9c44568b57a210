package syncf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's JSON contract, field by field: every response a client written against the
 * seed's documented examples reads is a superset of them, with the seed's names, JSON types
 * and forms (the {@code "5m0s"} interval, RFC 3339 times, the state names, {@code progress} as
 * a fraction). SyncF may add fields; it may never drop, rename or retype one of these.
 */
@ExtendWith(SharedNode.class)
class ContractIT {

    /** What a field of the seed's examples holds. */
    enum Kind {
        STRING, NUMBER, UUID, TIME, STRING_OR_NULL, FRACTION
    }

    static final Pattern UUID_FORM = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** RFC 3339 date-time, as the seed shows it ("2026-11-24T20:26:17.511Z"), offset included. */
    static final Pattern RFC_3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");
    static final Set<String> JOB_STATES = Set.of("running", "paused", "killed");
    static final Set<String> TASK_STATES = Set.of("pending", "in_progress", "completed", "failed", "retrying");

    /** The seed's answer to a submit, a pause, a resume and a kill. */
    static final Map<String, Kind> CHANGE = Map.of("job_id", Kind.UUID, "status", Kind.STRING, "message", Kind.STRING);
    /** The seed's job object, in the list and in tracking. */
    static final Map<String, Kind> JOB = Map.of("id", Kind.UUID, "source_path", Kind.STRING, "sink_path", Kind.STRING,
            "source_type", Kind.STRING, "sink_type", Kind.STRING, "interval", Kind.STRING, "status", Kind.STRING,
            "created_at", Kind.TIME);
    /** The seed's task object in tracking. */
    static final Map<String, Kind> TASK = Map.ofEntries(Map.entry("id", Kind.UUID), Map.entry("job_id", Kind.UUID),
            Map.entry("source_file", Kind.STRING), Map.entry("sink_file", Kind.STRING), Map.entry("status", Kind.STRING),
            Map.entry("file_size", Kind.NUMBER), Map.entry("copied_bytes", Kind.NUMBER),
            Map.entry("progress", Kind.FRACTION), Map.entry("checksum", Kind.STRING_OR_NULL),
            Map.entry("slave_id", Kind.STRING_OR_NULL), Map.entry("created_at", Kind.TIME));

    @Test
    void aSeedClientReadsEveryResponseOfAJobsLife(Node node, Api api) throws IOException {
        String source = Jobs.newSource(node);
        Files.createDirectories(node.base().resolve(source).resolve("sub"));
        Files.writeString(node.base().resolve(source).resolve("readme.txt"), "hello");
        Files.writeString(node.base().resolve(source).resolve("sub/notes.txt"), "seed contract");
        String sink = "backup/" + source;

        Reply submitted = api.post("api/jobs", Jobs.request(source, sink, "5m"));
        assertEquals(201, submitted.status(), submitted::toString);
        assertJson(submitted);
        JsonObject change = submitted.json();
        assertShape(change, CHANGE);
        assertEquals("running", change.getString("status"));
        assertEquals("Job submitted successfully", change.getString("message"));
        String id = change.getString("job_id");

        Reply list = api.get("api/jobs");
        assertEquals(200, list.status(), list::toString);
        assertJson(list);
        JsonObject listed = list.array().stream().map(JsonValue::asJsonObject)
                .filter(job -> job.getString("id").equals(id)).findFirst().orElseThrow(() -> new AssertionError(list));
        assertJob(listed, id, source, sink);

        JsonObject tracking = SyncIT.awaitCompleted(api, id, 2);
        assertNotNull(tracking.getJsonObject("job"), "tracking has the seed's job object");
        assertJob(tracking.getJsonObject("job"), id, source, sink);
        JsonArray tasks = tracking.getJsonArray("tasks");
        assertEquals(2, tasks.size(), tracking::toString);
        for (JsonValue value : tasks) {
            JsonObject task = value.asJsonObject();
            assertShape(task, TASK);
            assertEquals(id, task.getString("job_id"));
            assertEquals(task.getString("task_id"), task.getString("id"), "id and task_id name the same task");
            assertEquals("completed", task.getString("status"));
            assertTrue(TASK_STATES.contains(task.getString("status")));
            String file = task.getString("file_path");
            assertEquals(source + "/" + file, task.getString("source_file"), "relative to the base, as source_path");
            assertEquals(sink + "/" + file, task.getString("sink_file"));
            assertNotDisclosingTheBase(node, task.getString("source_file"));
            assertNotDisclosingTheBase(node, task.getString("sink_file"));
            assertTrue(Files.isRegularFile(node.base().resolve(task.getString("sink_file"))), "sink_file is where it is");
            long size = Files.size(node.base().resolve(task.getString("source_file")));
            assertEquals(size, task.getJsonNumber("file_size").longValue());
            assertEquals(size, task.getJsonNumber("copied_bytes").longValue());
            assertEquals(1.0, task.getJsonNumber("progress").doubleValue(), "a completed task is at 1.0, not 100");
            assertEquals(100.0, task.getJsonNumber("percent").doubleValue());
            assertTrue(task.getString("checksum").matches("[0-9a-f]{64}"), task::toString);
            assertFalse(task.getString("slave_id").isBlank());
        }
        JsonObject summary = tracking.getJsonObject("summary");
        assertEquals(1.0, summary.getJsonNumber("progress").doubleValue(), "the summary's progress is a fraction too");
        assertEquals(100.0, summary.getJsonNumber("percent").doubleValue());

        assertChange(api.put("api/jobs/" + id + "/pause"), id, "paused", "Job paused");
        assertEquals("paused", api.get("api/jobs/" + id + "/tracking").json().getJsonObject("job").getString("status"));
        assertChange(api.put("api/jobs/" + id + "/resume"), id, "running", "Job resumed");
        assertChange(api.delete("api/jobs/" + id), id, "killed", "Job killed");
        JsonObject killed = api.get("api/jobs/" + id + "/tracking").json().getJsonObject("job");
        assertShape(killed, JOB);
        assertEquals("killed", killed.getString("status"));
    }

    /** A job over one file: its task reads that file itself, and writes it into the sink directory. */
    @Test
    void aSingleFileSourceIsItsTasksSourceFile(Node node, Api api) throws IOException {
        String dir = Jobs.newSource(node);
        String source = dir + "/only.txt";
        Files.writeString(node.base().resolve(source), "one file");
        String sink = "backup/" + dir;
        Reply submitted = api.post("api/jobs", Jobs.request(source, sink, "5m"));
        assertEquals(201, submitted.status(), submitted::toString);
        String id = submitted.json().getString("job_id");

        JsonObject task = SyncIT.awaitCompleted(api, id, 1).getJsonArray("tasks").getJsonObject(0);
        assertShape(task, TASK);
        assertEquals(source, task.getString("source_file"));
        assertEquals(sink + "/only.txt", task.getString("sink_file"));
        assertEquals("one file", Files.readString(node.base().resolve(task.getString("sink_file"))));
    }

    @Test
    void healthSaysUpAsTheSeedsDoes(Api api) {
        Reply health = api.get("health");
        assertEquals(200, health.status(), health::toString);
        assertTrue(health.contentType().startsWith("application/json"), health::toString);
        assertEquals("UP", health.json().getString("status"));
    }

    private static void assertJob(JsonObject job, String id, String source, String sink) {
        assertShape(job, JOB);
        assertEquals(id, job.getString("id"));
        assertEquals(id, job.getString("job_id"), "job_id stays beside the seed's id");
        assertEquals(source, job.getString("source_path"));
        assertEquals(sink, job.getString("sink_path"));
        assertEquals("local", job.getString("source_type"));
        assertEquals("local", job.getString("sink_type"));
        assertEquals("5m0s", job.getString("interval"), "the interval the way Go prints it");
        assertTrue(JOB_STATES.contains(job.getString("status")), job::toString);
    }

    private static void assertChange(Reply reply, String id, String status, String message) {
        assertEquals(200, reply.status(), reply::toString);
        assertJson(reply);
        JsonObject change = reply.json();
        assertShape(change, CHANGE);
        assertEquals(id, change.getString("job_id"));
        assertEquals(status, change.getString("status"));
        assertEquals(message, change.getString("message"));
    }

    private static void assertJson(Reply reply) {
        assertTrue(reply.contentType().startsWith("application/json"), reply::toString);
    }

    private static void assertNotDisclosingTheBase(Node node, String path) {
        assertFalse(path.startsWith("/"), "never absolute: " + path);
        assertFalse(path.contains(node.base().toString()), "never the base: " + path);
        assertFalse(Path.of(path).normalize().startsWith(".."), "inside the base: " + path);
    }

    /** Every field of the seed's shape is there, with its JSON type and form. */
    static void assertShape(JsonObject object, Map<String, Kind> shape) {
        shape.forEach((field, kind) -> {
            assertTrue(object.containsKey(field), "the seed's field " + field + " in " + object);
            JsonValue value = object.get(field);
            String where = field + " in " + object;
            switch (kind) {
                case STRING -> assertEquals(ValueType.STRING, value.getValueType(), where);
                case NUMBER -> assertEquals(ValueType.NUMBER, value.getValueType(), where);
                case UUID -> {
                    assertEquals(ValueType.STRING, value.getValueType(), where);
                    assertTrue(UUID_FORM.matcher(object.getString(field)).matches(), where);
                }
                case TIME -> {
                    assertEquals(ValueType.STRING, value.getValueType(), where);
                    String time = object.getString(field);
                    assertTrue(RFC_3339.matcher(time).matches(), "RFC 3339: " + where);
                    OffsetDateTime.parse(time, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                }
                case STRING_OR_NULL -> assertTrue(value.getValueType() == ValueType.STRING
                        || value.getValueType() == ValueType.NULL, where);
                case FRACTION -> {
                    assertEquals(ValueType.NUMBER, value.getValueType(), where);
                    double fraction = ((JsonNumber) value).doubleValue();
                    assertTrue(fraction >= 0.0 && fraction <= 1.0, "a fraction from 0.0 to 1.0: " + where);
                }
            }
        });
    }
}
