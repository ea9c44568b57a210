package syncf.node.control;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;

/**
 * What {@code /health} answers: {@code UP} when every check is (none at all included, as
 * MicroProfile Health has it), {@code DOWN} when one is not, with every check's answer.
 */
public record HealthAnswer(boolean up, List<HealthCheckResponse> checks) {

    public HealthAnswer {
        checks = List.copyOf(checks);
    }

    public static HealthAnswer of(List<HealthCheckResponse> checks) {
        return new HealthAnswer(checks.stream().allMatch(check -> check.getStatus() == Status.UP), checks);
    }

    /** MicroProfile Health's shape: {@code {"status":..,"checks":[{"name":..,"status":..,"data":{..}}]}}. */
    public JsonObject json() {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (HealthCheckResponse check : checks) {
            JsonObjectBuilder one = Json.createObjectBuilder()
                    .add("name", check.getName())
                    .add("status", String.valueOf(check.getStatus()));
            check.getData().filter(data -> !data.isEmpty()).ifPresent(data -> one.add("data", data(data)));
            array.add(one);
        }
        return Json.createObjectBuilder()
                .add("status", up ? "UP" : "DOWN")
                .add("checks", array)
                .build();
    }

    /** A check's data keeps its JSON types: a check's builder takes strings, longs and booleans only. */
    private static JsonObjectBuilder data(Map<String, Object> data) {
        JsonObjectBuilder object = Json.createObjectBuilder();
        data.forEach((key, value) -> {
            if (value instanceof Boolean flag) {
                object.add(key, flag);
            } else if (value instanceof Long || value instanceof Integer) {
                object.add(key, ((Number) value).longValue());
            } else {
                object.add(key, String.valueOf(value));
            }
        });
        return object;
    }
}
