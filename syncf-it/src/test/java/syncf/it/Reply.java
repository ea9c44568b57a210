package syncf.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.Optional;

/** What the API answered: status, headers and body, with JSON accessors. */
public record Reply(int status, String contentType, String body, HttpResponse<String> raw) {

    static Reply of(HttpResponse<String> response) {
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body(), response);
    }

    public JsonObject json() {
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }

    public JsonArray array() {
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.readArray();
        }
    }

    /** The check of this name in a MicroProfile Health answer ({@code /health}). */
    public JsonObject check(String name) {
        return json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no check " + name + " in " + this));
    }

    public Optional<String> header(String name) {
        return raw.headers().firstValue(name);
    }

    @Override
    public String toString() {
        return status + " " + contentType + " " + body;
    }
}
