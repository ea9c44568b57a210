package syncf.live.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a job's stream shows at one moment: the job with its summary, and each task in flight,
 * each as the JSON the API gives. The events between two pictures are a pure function of them,
 * so that the producer only reads and sends.
 *
 * @param summary  the job and its summary counters, as one JSON object
 * @param inFlight each task being copied, by id, as JSON
 */
public record JobPicture(String summary, Map<String, String> inFlight) {

    public static final String SUMMARY = "summary";
    public static final String TASK = "task";

    public JobPicture {
        Objects.requireNonNull(summary, "summary");
        inFlight = Map.copyOf(inFlight);
    }

    /** Before the first reading: everything is news. */
    public static JobPicture none() {
        return new JobPicture("", Map.of());
    }

    /** The ids of tasks that were in flight here and are not in {@code next}: they ended, or went back to wait. */
    public List<String> leftFor(JobPicture next) {
        return inFlight.keySet().stream().filter(id -> !next.inFlight().containsKey(id)).sorted().toList();
    }

    /**
     * The events that take a client from this picture to {@code next}: {@code summary} when the job
     * or its counters changed, {@code task} for each task in flight that is new or moved, and for
     * each that left the flight, its state now ({@code left}: completed, failed, retrying...).
     */
    public List<LiveEvent> eventsTo(JobPicture next, Map<String, String> left) {
        List<LiveEvent> events = new ArrayList<>();
        Map<String, String> tasks = new LinkedHashMap<>();
        next.inFlight().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(task -> !task.getValue().equals(inFlight.get(task.getKey())))
                .forEach(task -> tasks.put(task.getKey(), task.getValue()));
        left.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(task -> tasks.put(task.getKey(), task.getValue()));
        tasks.values().forEach(task -> events.add(new LiveEvent(TASK, task)));
        if (!next.summary().equals(summary)) {
            events.add(new LiveEvent(SUMMARY, next.summary()));
        }
        return events;
    }
}
