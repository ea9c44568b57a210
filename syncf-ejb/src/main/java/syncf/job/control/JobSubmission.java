package syncf.job.control;

/** A request to create a job, as the user wrote it; {@link JobService#submit} validates every field. */
public record JobSubmission(String sourcePath, String sinkPath, String sourceType, String sinkType, String interval) {
}
