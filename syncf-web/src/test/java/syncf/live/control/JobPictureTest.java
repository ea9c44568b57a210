package syncf.live.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobPictureTest {

    static LiveEvent task(String data) {
        return new LiveEvent(JobPicture.TASK, data);
    }

    static LiveEvent summary(String data) {
        return new LiveEvent(JobPicture.SUMMARY, data);
    }

    @Test
    void theFirstReadingIsAllNews() {
        JobPicture now = new JobPicture("{s1}", Map.of("b", "{b 10}", "a", "{a 0}"));
        assertEquals(List.of(task("{a 0}"), task("{b 10}"), summary("{s1}")), JobPicture.none().eventsTo(now, Map.of()));
    }

    @Test
    void onlyWhatMovedIsSent() {
        JobPicture before = new JobPicture("{s1}", Map.of("a", "{a 0}", "b", "{b 10}"));
        JobPicture now = new JobPicture("{s1}", Map.of("a", "{a 0}", "b", "{b 20}"));
        assertEquals(List.of(task("{b 20}")), before.eventsTo(now, Map.of()));
        assertEquals(List.of(), now.eventsTo(now, Map.of()), "nothing moved, nothing sent");
    }

    @Test
    void aTaskThatLeftTheFlightIsSentAsItEnded() {
        JobPicture before = new JobPicture("{s1}", Map.of("a", "{a 90}", "b", "{b 10}"));
        JobPicture now = new JobPicture("{s2}", Map.of("b", "{b 20}", "c", "{c 0}"));
        assertEquals(List.of("a"), before.leftFor(now));
        assertEquals(List.of(task("{b 20}"), task("{c 0}"), task("{a completed}"), summary("{s2}")),
                before.eventsTo(now, Map.of("a", "{a completed}")));
    }
}
