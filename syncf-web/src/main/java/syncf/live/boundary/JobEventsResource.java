package syncf.live.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Optional;
import java.util.UUID;
import syncf.job.boundary.JobIds;
import syncf.job.control.JobService;

/**
 * The live streams ({@code text/event-stream}): a job's ({@code snapshot}, then {@code task}
 * and {@code summary} events as its copies move) and the jobs list's ({@code jobs}). A client
 * that reconnects with {@code Last-Event-ID} gets the events it missed, or a new snapshot.
 */
@Path("jobs")
public class JobEventsResource {

    @Inject
    LiveFeed feed;

    @Inject
    JobService jobs;

    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void jobs(@HeaderParam("Last-Event-ID") String lastEventId, @Context SseEventSink sink, @Context Sse sse) {
        feed.followJobs(sink, sse, Optional.ofNullable(lastEventId));
    }

    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void job(@PathParam("id") String id, @HeaderParam("Last-Event-ID") String lastEventId,
            @Context SseEventSink sink, @Context Sse sse) {
        UUID job = JobIds.parse(id);
        jobs.find(job); // an unknown job is a 404 problem before the stream starts
        feed.follow(job, sink, sse, Optional.ofNullable(lastEventId));
    }
}
