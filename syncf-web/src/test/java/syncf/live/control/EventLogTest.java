package syncf.live.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventLogTest {

    final EventLog log = new EventLog("boot1", 3);

    static LiveEvent event(String data) {
        return new LiveEvent("task", data);
    }

    List<String> dataAfter(String id) {
        return log.after(id).orElseThrow().stream().map(EventLog.Entry::data).toList();
    }

    @Test
    void aClientThatReconnectsGetsWhatItMissedInOrder() {
        assertEquals("boot1.0", log.lastId());
        String first = log.append(event("a")).id();
        log.append(event("b"));
        log.append(event("c"));
        assertEquals("boot1.1", first);
        assertEquals(List.of("b", "c"), dataAfter(first));
        assertEquals(List.of("a", "b", "c"), dataAfter("boot1.0"), "one that saw nothing yet but the snapshot");
        assertEquals(List.of(), dataAfter("boot1.3"), "one that saw everything");
    }

    @Test
    void aClientTooFarBehindOrOfAnotherLifeNeedsTheWholePictureAgain() {
        for (String data : List.of("a", "b", "c", "d", "e")) {
            log.append(event(data));
        }
        assertEquals(List.of("c", "d", "e"), dataAfter("boot1.2"), "the oldest kept follow it");
        assertEquals(Optional.empty(), log.after("boot1.1"), "'b' is gone");
        assertEquals(Optional.empty(), log.after("boot0.4"), "an id from before a restart");
        assertEquals(Optional.empty(), log.after("boot1.6"), "an id never given");
        assertEquals(Optional.empty(), log.after("boot1.x"));
        assertEquals(Optional.empty(), log.after("nonsense"));
        assertEquals(Optional.empty(), log.after(null));
    }

    @Test
    void anEpochHoldsNoDot() {
        assertThrows(IllegalArgumentException.class, () -> new EventLog("a.b", 3));
        assertThrows(IllegalArgumentException.class, () -> new EventLog("a", 0));
    }
}
