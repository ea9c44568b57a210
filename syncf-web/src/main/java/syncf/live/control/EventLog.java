package syncf.live.control;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The last events of one stream, so that a client that reconnects with {@code Last-Event-ID}
 * gets what it missed instead of a full picture. An id is {@code EPOCH.N}: the epoch (when the
 * log began) tells an id of this master's life from one of before a restart, whose numbers would
 * otherwise mean other events.
 */
public final class EventLog {

    /** One event as the stream sends it: {@code id}, {@code event} (its name) and {@code data}. */
    public record Entry(String id, String name, String data) {

        public Entry {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(data, "data");
        }
    }

    private final String epoch;
    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long last;

    public EventLog(String epoch, int capacity) {
        if (epoch.contains(".") || capacity < 1) {
            throw new IllegalArgumentException("an epoch without '.' and room for one event at least");
        }
        this.epoch = epoch;
        this.capacity = capacity;
    }

    public synchronized Entry append(LiveEvent event) {
        Entry entry = new Entry(epoch + "." + ++last, event.name(), event.data());
        entries.addLast(entry);
        if (entries.size() > capacity) {
            entries.removeFirst();
        }
        return entry;
    }

    /**
     * The events after the one a client saw last, oldest first; empty if the log cannot say (an
     * id of another epoch, one it never gave, or one so old that events after it are gone): the
     * client then needs the whole picture again.
     */
    public synchronized Optional<List<Entry>> after(String lastSeen) {
        int dot = lastSeen == null ? -1 : lastSeen.lastIndexOf('.');
        if (dot < 0 || !lastSeen.substring(0, dot).equals(epoch)) {
            return Optional.empty();
        }
        long seen;
        try {
            seen = Long.parseLong(lastSeen.substring(dot + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        long oldestKept = last - entries.size() + 1;
        if (seen > last || seen < oldestKept - 1) {
            return Optional.empty();
        }
        return Optional.of(entries.stream().skip(seen - oldestKept + 1).toList());
    }

    /** The id of the newest event, or of none yet ({@code EPOCH.0}). */
    public synchronized String lastId() {
        return epoch + "." + last;
    }
}
