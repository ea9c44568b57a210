package syncf.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One {@code text/event-stream} client, as a browser's EventSource reads it: a reader thread
 * parses the stream into {@link Event}s (and counts comment lines, the heartbeats) until
 * {@link #close()} cuts the connection.
 */
public final class EventStream implements AutoCloseable {

    /**
     * HTTP/1.1, a connection per stream, as a browser's EventSource over plain HTTP (the JDK's
     * default would ask for HTTP/2 and multiplex every stream over one connection, at most 100).
     */
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One event: its {@code id}, {@code event} name and {@code data}. */
    public record Event(String id, String name, String data) {

        public JsonObject json() {
            return (JsonObject) structure();
        }

        public JsonStructure structure() {
            try (var reader = Json.createReader(new StringReader(data))) {
                return reader.read();
            }
        }
    }

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger comments = new AtomicInteger();
    private final Thread reader;

    private EventStream(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "event-stream " + response.uri().getPath());
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code path} of {@code api}'s node, with this {@code Last-Event-ID} if any. */
    public static EventStream open(Api api, String path, Optional<String> lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.base().resolve(path)).header("Accept", "text/event-stream");
        api.authorization().ifPresent(value -> request.header("Authorization", value));
        lastEventId.ifPresent(id -> request.header("Last-Event-ID", id));
        try {
            return new EventStream(CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static EventStream open(Api api, String path) {
        return open(api, path, Optional.empty());
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    public URI uri() {
        return response.uri();
    }

    /** The next event, waiting at most {@code wait}. */
    public Event next(Duration wait) {
        try {
            Event event = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("no event from " + uri() + " within " + wait);
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Events until one matches, that one last; fails if none does within {@code wait}. */
    public List<Event> until(Predicate<Event> wanted, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<Event> seen = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no such event from " + uri() + " within " + wait + "; saw " + seen);
            }
            Event event = next(Duration.ofNanos(left));
            seen.add(event);
            if (wanted.test(event)) {
                return seen;
            }
        }
    }

    /** Comment lines seen so far (the server's heartbeats). */
    public int comments() {
        return comments.get();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String name = "message";
            StringBuilder data = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, name, data.toString()));
                    }
                    name = "message";
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> name = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> { } // retry: the browser's business
                    }
                }
            }
        } catch (IOException e) {
            // closed by close(), or by the server: the queue holds what arrived
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
