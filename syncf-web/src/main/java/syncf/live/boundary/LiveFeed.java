package syncf.live.boundary;

import static java.lang.System.Logger.Level.DEBUG;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import syncf.api.boundary.SnakeCaseJson;
import syncf.job.boundary.JobView;
import syncf.job.boundary.TaskPaths;
import syncf.job.boundary.TrackingView;
import syncf.job.control.JobService;
import syncf.job.entity.Job;
import syncf.live.control.EventLog;
import syncf.live.control.JobPicture;
import syncf.live.control.LiveEvent;
import syncf.monitoring.boundary.MasterMeters;
import syncf.persistence.control.PageRequest;
import syncf.storage.control.Stores;
import syncf.task.boundary.ThroughputMeter;
import syncf.task.control.Tracking;
import syncf.task.entity.TaskStatus;

/**
 * The producer behind every event stream: once a second, one reading per stream that has
 * subscribers (a job's, or the jobs list's), whatever their number, turned into events that go
 * to each subscriber and into the stream's {@link EventLog} for those that reconnect. A new
 * subscriber gets the whole picture first ({@code snapshot}, or {@code jobs}), unless its
 * {@code Last-Event-ID} is still in the log. A comment line goes out every
 * {@code syncf.live.heartbeat}: a client that left is only noticed when a write to it fails.
 */
@Singleton
@Startup // its gauge is in the first scrape
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class LiveFeed {

    private static final System.Logger LOG = System.getLogger(LiveFeed.class.getName());
    static final String JOBS = "jobs";
    static final String SNAPSHOT = "snapshot";
    /** Tasks in flight a job's stream follows; a worker runs four copies, a node of many workers more. */
    static final int IN_FLIGHT = 200;
    static final int JOBS_SHOWN = 50;
    static final int LOG_CAPACITY = 512;
    /** How long a stream nobody follows keeps its log, for clients that reconnect. */
    static final Duration IDLE_KEPT = Duration.ofMinutes(1);
    static final long RECONNECT_MILLIS = 2_000;

    /** The job with its summary: a job stream's {@code summary} event and a row of the jobs list. */
    @JsonbPropertyOrder({"job", "summary"})
    public record JobSummary(JobView job, TrackingView.Summary summary) {
    }

    /** What a job's stream starts with: the job, its summary and its tasks in flight. */
    @JsonbPropertyOrder({"job", "summary", "tasks"})
    public record Snapshot(JobView job, TrackingView.Summary summary, List<TrackingView.TaskView> tasks) {
    }

    /** One stream: its subscribers, its log and what it showed last. */
    private final class Channel {
        final EventLog log = new EventLog(epoch, LOG_CAPACITY);
        final Set<SseEventSink> sinks = ConcurrentHashMap.newKeySet();
        JobPicture picture = JobPicture.none();
        String whole = "";
        Instant idleSince;
    }

    @Inject
    JobService jobs;

    @Inject
    Tracking tracking;

    @Inject
    ThroughputMeter throughput;

    @Inject
    Stores stores;

    @Inject
    MasterMeters meters;

    @Inject
    @ConfigProperty(name = "syncf.live.heartbeat", defaultValue = "PT15S")
    Duration heartbeat;

    Clock clock = Clock.systemUTC();

    private final Jsonb json = SnakeCaseJson.create();
    private final String epoch = Long.toString(System.currentTimeMillis(), 36);
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private volatile Sse sse;
    private volatile Instant lastHeartbeat = Instant.EPOCH;

    @PostConstruct
    void start() {
        meters.streams(this::subscribers);
    }

    /** Follows one job; {@code jobs.find} has already said it exists. */
    public void follow(UUID job, SseEventSink sink, Sse events, Optional<String> lastEventId) {
        subscribe(job.toString(), sink, events, lastEventId);
    }

    /** Follows the jobs list. */
    public void followJobs(SseEventSink sink, Sse events, Optional<String> lastEventId) {
        subscribe(JOBS, sink, events, lastEventId);
    }

    private void subscribe(String key, SseEventSink sink, Sse events, Optional<String> lastEventId) {
        sse = events;
        while (true) {
            Channel channel = channels.computeIfAbsent(key, id -> new Channel());
            synchronized (channel) {
                if (channels.get(key) != channel) {
                    continue; // dropped as idle meanwhile: follow its successor
                }
                if (channel.whole.isEmpty()) {
                    read(key, channel);
                }
                Optional<List<EventLog.Entry>> missed = lastEventId.flatMap(channel.log::after);
                if (missed.isPresent()) {
                    missed.get().forEach(entry -> send(channel, sink, entry));
                } else {
                    send(channel, sink, new EventLog.Entry(channel.log.lastId(), key.equals(JOBS) ? JOBS : SNAPSHOT, channel.whole));
                }
                channel.sinks.add(sink);
                channel.idleSince = null;
                return;
            }
        }
    }

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void tick() {
        Instant now = clock.instant();
        boolean beat = !lastHeartbeat.plus(heartbeat).isAfter(now);
        if (beat) {
            lastHeartbeat = now;
        }
        channels.forEach((key, channel) -> {
            synchronized (channel) {
                channel.sinks.removeIf(SseEventSink::isClosed);
                if (channel.sinks.isEmpty()) {
                    if (channel.idleSince == null) {
                        channel.idleSince = now;
                    } else if (!channel.idleSince.plus(IDLE_KEPT).isAfter(now)) {
                        channels.remove(key, channel);
                    }
                    return;
                }
                try {
                    read(key, channel).forEach(event -> {
                        EventLog.Entry entry = channel.log.append(event);
                        channel.sinks.forEach(sink -> send(channel, sink, entry));
                    });
                } catch (RuntimeException e) {
                    LOG.log(DEBUG, "Stream {0} not read this second: {1}", key, e.toString());
                }
                if (beat) {
                    channel.sinks.forEach(sink -> sink.send(sse.newEventBuilder().comment("heartbeat").build())
                            .whenComplete((done, failed) -> dropIfFailed(channel, sink, failed)));
                }
            }
        });
    }

    /** Reads the stream's state now, keeps it as the channel's picture, and says what changed. */
    private List<LiveEvent> read(String key, Channel channel) {
        if (key.equals(JOBS)) {
            List<JobSummary> rows = jobs.list(new PageRequest(JOBS_SHOWN, 0)).stream().map(this::summaryOf).toList();
            String whole = json.toJson(rows);
            boolean changed = !whole.equals(channel.whole);
            channel.whole = whole;
            return changed ? List.of(new LiveEvent(JOBS, whole)) : List.of();
        }
        UUID id = UUID.fromString(key);
        Job job = jobs.find(id);
        TaskPaths paths = TaskPaths.of(job, stores);
        JobSummary summary = summaryOf(job);
        List<TrackingView.TaskView> flying = tracking.tasks(id, Optional.of(TaskStatus.IN_PROGRESS), new PageRequest(IN_FLIGHT, 0))
                .stream().map(task -> TrackingView.TaskView.of(task, paths)).toList();
        Map<String, String> inFlight = new LinkedHashMap<>();
        flying.forEach(task -> inFlight.put(task.id().toString(), json.toJson(task)));
        JobPicture next = new JobPicture(json.toJson(summary), inFlight);
        Map<String, String> left = new LinkedHashMap<>();
        tracking.among(channel.picture.leftFor(next).stream().map(UUID::fromString).toList())
                .forEach(task -> left.put(task.id().toString(), json.toJson(TrackingView.TaskView.of(task, paths))));
        List<LiveEvent> events = channel.picture.eventsTo(next, left);
        channel.picture = next;
        channel.whole = json.toJson(new Snapshot(summary.job(), summary.summary(), flying));
        return events;
    }

    private JobSummary summaryOf(Job job) {
        return new JobSummary(JobView.of(job), TrackingView.Summary.of(tracking.summary(job.id()), throughput.bytesPerSecond(job.id())));
    }

    private void send(Channel channel, SseEventSink sink, EventLog.Entry entry) {
        OutboundSseEvent event = sse.newEventBuilder().id(entry.id()).name(entry.name())
                .mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, entry.data())
                .reconnectDelay(RECONNECT_MILLIS).build();
        sink.send(event).whenComplete((done, failed) -> dropIfFailed(channel, sink, failed));
    }

    private void dropIfFailed(Channel channel, SseEventSink sink, Throwable failed) {
        if (failed != null) {
            channel.sinks.remove(sink);
            try {
                sink.close();
            } catch (RuntimeException e) {
                LOG.log(DEBUG, "A stream closed already: {0}", e.toString());
            }
        }
    }

    /** Subscribers now, of every stream: what the heartbeat keeps honest. */
    public int subscribers() {
        return channels.values().stream().mapToInt(channel -> channel.sinks.size()).sum();
    }
}
