package syncf.job.boundary;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;
import syncf.job.entity.Job;

/**
 * A job as the API shows it: the seed's fields ({@code id} among them) and SyncF's own. The
 * id appears twice, as the seed's {@code id} and as {@code job_id}, which every other answer
 * about a job uses; a client of either finds its name.
 */
@JsonbPropertyOrder({"id", "jobId", "sourcePath", "sinkPath", "sourceType", "sinkType", "interval", "status", "createdAt",
    "updatedAt", "lastScanAt", "lastScanError"})
public record JobView(UUID id, UUID jobId, String sourcePath, String sinkPath, String sourceType, String sinkType,
        String interval, String status, Instant createdAt, Instant updatedAt, Instant lastScanAt, String lastScanError) {

    public static JobView of(Job job) {
        return new JobView(job.id(), job.id(), job.sourcePath(), job.sinkPath(), job.sourceType().apiName(),
                job.sinkType().apiName(), job.interval().toString(), job.status().apiName(), job.createdAt(),
                job.updatedAt(), job.lastScanAt(), job.lastScanError());
    }
}
