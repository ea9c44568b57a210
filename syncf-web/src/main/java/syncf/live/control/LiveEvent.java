package syncf.live.control;

import java.util.Objects;

/** An event before it has an id: its name ({@code event:}) and its JSON ({@code data:}). */
public record LiveEvent(String name, String data) {

    public LiveEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
    }
}
