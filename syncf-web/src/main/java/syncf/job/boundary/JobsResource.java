package syncf.job.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import syncf.job.control.JobService;
import syncf.job.control.JobSubmission;
import syncf.job.entity.Job;
import syncf.persistence.control.PageRequest;
import syncf.storage.control.Stores;
import syncf.task.boundary.ThroughputMeter;
import syncf.task.control.TaskSummary;
import syncf.task.control.Tracking;
import syncf.task.entity.TaskStatus;

/**
 * The job API. Query and path parameters arrive as strings and are parsed by the domain, so
 * that a malformed one is a 400 naming it, not JAX-RS's bare 404.
 */
@Path("jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    static final int DEFAULT_JOB_PAGE = 50;
    static final int DEFAULT_TASK_PAGE = 100;

    @Inject
    JobService jobs;

    @Inject
    Tracking tracking;

    @Inject
    ThroughputMeter throughput;

    @Inject
    Stores stores;

    @Context
    UriInfo uriInfo;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(JobSubmission submission) {
        Job job = jobs.submit(submission);
        return Response.created(uriInfo.getAbsolutePathBuilder().path(job.id().toString()).build())
                .entity(JobChange.of(job, "Job submitted successfully"))
                .build();
    }

    /** Newest first; {@code X-Total-Count} says how many jobs there are in all. */
    @GET
    public Response list(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        PageRequest page = PageRequest.parse(limit, offset, DEFAULT_JOB_PAGE);
        List<JobView> views = jobs.list(page).stream().map(JobView::of).toList();
        return Response.ok(views).header("X-Total-Count", jobs.count()).build();
    }

    @GET
    @Path("{id}")
    public JobView job(@PathParam("id") String id) {
        return JobView.of(jobs.find(JobIds.parse(id)));
    }

    @GET
    @Path("{id}/tracking")
    public TrackingView tracking(@PathParam("id") String id, @QueryParam("status") String status,
            @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        UUID jobId = JobIds.parse(id);
        Optional<TaskStatus> filter = Optional.ofNullable(status).filter(s -> !s.isEmpty()).map(TaskStatus::parse);
        PageRequest page = PageRequest.parse(limit, offset, DEFAULT_TASK_PAGE);
        Job job = jobs.find(jobId);
        TaskSummary summary = tracking.summary(jobId);
        long matching = filter.map(summary::count).orElse(summary.totalTasks());
        TaskPaths paths = TaskPaths.of(job, stores);
        return new TrackingView(JobView.of(job), TrackingView.Summary.of(summary, throughput.bytesPerSecond(jobId)),
                tracking.tasks(jobId, filter, page).stream().map(task -> TrackingView.TaskView.of(task, paths)).toList(),
                TrackingView.Page.of(page, matching));
    }

    @PUT
    @Path("{id}/pause")
    public JobChange pause(@PathParam("id") String id) {
        return JobChange.of(jobs.pause(JobIds.parse(id)), "Job paused");
    }

    @PUT
    @Path("{id}/resume")
    public JobChange resume(@PathParam("id") String id) {
        return JobChange.of(jobs.resume(JobIds.parse(id)), "Job resumed");
    }

    @DELETE
    @Path("{id}")
    public JobChange kill(@PathParam("id") String id) {
        return JobChange.of(jobs.kill(JobIds.parse(id)), "Job killed");
    }
}
