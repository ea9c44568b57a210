package syncf.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * A plain HTTP client for one node, as curl would use it: with no credentials, or with the
 * {@code Authorization} header of {@link #basic} ({@code curl -u}) or {@link #bearer}.
 */
public record Api(URI base, Optional<String> authorization) {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Api(URI base) {
        this(base, Optional.empty());
    }

    /** The same node, called as this user ({@code curl -u NAME:PASSWORD}). */
    public Api basic(String name, String password) {
        return new Api(base, Optional.of("Basic " + Base64.getEncoder().encodeToString(
                (name + ":" + password).getBytes(StandardCharsets.UTF_8))));
    }

    /** The same node, called with this token ({@code curl -H 'Authorization: Bearer TOKEN'}). */
    public Api bearer(String token) {
        return new Api(base, Optional.of("Bearer " + token));
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    public Reply post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply post(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Reply put(String path) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    public Reply delete(String path) {
        return send(request(path).DELETE());
    }

    public Reply method(String method, String path) {
        return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        authorization.ifPresent(value -> request.header("Authorization", value));
        return request;
    }

    private static Reply send(HttpRequest.Builder request) {
        try {
            return Reply.of(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
