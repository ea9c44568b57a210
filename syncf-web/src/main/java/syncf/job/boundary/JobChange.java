package syncf.job.boundary;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.UUID;
import syncf.job.entity.Job;

/** The seed's answer to a submit or a state change: which job, its state now, and what happened. */
@JsonbPropertyOrder({"jobId", "status", "message"})
public record JobChange(UUID jobId, String status, String message) {

    static JobChange of(Job job, String message) {
        return new JobChange(job.id(), job.status().apiName(), message);
    }
}
