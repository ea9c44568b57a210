package syncf.job.boundary;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.List;
import java.util.NoSuchElementException;
import syncf.error.InvalidInput;
import syncf.job.control.JobSubmission;

/**
 * Reads {@code POST /api/jobs} strictly: malformed JSON, a field SyncF does not know (a typo
 * such as {@code sink_pth} would otherwise be silently dropped), a missing field or a
 * field of the wrong type is a 400 that names the field. JSON-B alone would ignore unknown
 * fields and turn missing ones into nulls.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class JobSubmissionReader implements MessageBodyReader<JobSubmission> {

    static final List<String> FIELDS = List.of("source_path", "sink_path", "source_type", "sink_type", "interval");
    private static final String DEFAULT_TYPE = "local";

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == JobSubmission.class;
    }

    @Override
    public JobSubmission readFrom(Class<JobSubmission> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, String> httpHeaders, InputStream body) {
        JsonObject json = parse(body);
        for (String field : json.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new InvalidJobRequest("unknown field \"" + field + "\"; the fields are " + String.join(", ", FIELDS));
            }
        }
        return new JobSubmission(
                required(json, "source_path"),
                required(json, "sink_path"),
                optional(json, "source_type", DEFAULT_TYPE),
                optional(json, "sink_type", DEFAULT_TYPE),
                required(json, "interval"));
    }

    private static JsonObject parse(InputStream body) {
        try (JsonReader reader = Json.createReader(body)) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new InvalidJobRequest("the body must be a JSON object with the fields " + String.join(", ", FIELDS));
            }
            return value.asJsonObject();
        } catch (JsonException | NoSuchElementException | IllegalStateException e) {
            throw new InvalidJobRequest("the body is not valid JSON: " + e.getMessage());
        }
    }

    private static String required(JsonObject json, String field) {
        String value = optional(json, field, null);
        if (value == null) {
            throw new InvalidJobRequest("field \"" + field + "\" is required");
        }
        return value;
    }

    private static String optional(JsonObject json, String field, String fallback) {
        JsonValue value = json.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return fallback;
        }
        if (!(value instanceof JsonString text)) {
            throw new InvalidJobRequest("field \"" + field + "\" must be a string, got " + value.getValueType().name().toLowerCase());
        }
        return text.getString();
    }

    static class InvalidJobRequest extends InvalidInput {

        InvalidJobRequest(String detail) {
            super(detail);
        }

        @Override
        public String slug() {
            return "invalid-request";
        }

        @Override
        public String title() {
            return "Invalid request body";
        }
    }
}
