package syncf.it.arquillian;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.UUID;
import syncf.task.control.TaskLifecycle;
import syncf.task.entity.CopyCheckpoint;
import syncf.task.entity.LeaseLost;

/**
 * Test-only resource, deployed by {@link TasksInContainerIT} and never shipped: drives
 * the real {@link TaskLifecycle} as named workers would, so that the tests can play two
 * workers handed the same message.
 */
@Stateless
@Path("lifecycle-probe/{task}")
@Produces(MediaType.APPLICATION_JSON)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LifecycleProbe {

    static final Duration LEASE = Duration.ofMinutes(2);

    @Inject
    TaskLifecycle lifecycle;

    @POST
    @Path("claim")
    public JsonObject claim(@PathParam("task") String task, @QueryParam("worker") String worker) {
        var claim = lifecycle.claim(UUID.fromString(task), worker, LEASE);
        var answer = Json.createObjectBuilder().add("claimed", claim.isPresent());
        claim.ifPresent(c -> answer.add("copied_bytes", c.copiedBytes()).add("attempts", c.attempts()));
        return answer.build();
    }

    @POST
    @Path("checkpoint")
    public JsonObject checkpoint(@PathParam("task") String task, @QueryParam("worker") String worker,
            @QueryParam("offset") long offset) {
        return outcome(() -> lifecycle.checkpoint(UUID.fromString(task), worker, CopyCheckpoint.at(offset), LEASE));
    }

    @POST
    @Path("renew")
    public JsonObject renew(@PathParam("task") String task, @QueryParam("worker") String worker) {
        return outcome(() -> lifecycle.renewHeld(UUID.fromString(task), worker, LEASE));
    }

    @POST
    @Path("release")
    public JsonObject release(@PathParam("task") String task, @QueryParam("worker") String worker) {
        return outcome(() -> lifecycle.release(UUID.fromString(task), worker));
    }

    @POST
    @Path("attempt-failed")
    public JsonObject attemptFailed(@PathParam("task") String task, @QueryParam("worker") String worker,
            @QueryParam("max") int max) {
        return outcome(() -> lifecycle.attemptFailed(UUID.fromString(task), worker, "disk full", max, Duration.ZERO));
    }

    @POST
    @Path("complete")
    public JsonObject complete(@PathParam("task") String task, @QueryParam("worker") String worker) {
        return outcome(() -> lifecycle.complete(UUID.fromString(task), worker, "ab".repeat(32)));
    }

    private static JsonObject outcome(Runnable step) {
        try {
            step.run();
            return Json.createObjectBuilder().add("ok", true).build();
        } catch (LeaseLost e) {
            return Json.createObjectBuilder().add("ok", false).add("lease_lost", e.getMessage()).build();
        }
    }
}
