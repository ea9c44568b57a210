package syncf.storage.s3;

import java.util.List;

/**
 * Where a multipart upload stands: what a checkpoint would store to resume it without asking
 * the store which upload is the target's (a later step puts it in the task row, with each
 * part's SHA-256 and the digest state). Today {@link S3Stages} rebuilds it from the target
 * alone, as the local part file is found.
 *
 * @param uploadId null while no part has been sent (the upload is created with the first)
 * @param parts    the parts on the server, numbered 1..n without a gap, each {@code partSize} long
 */
public record UploadState(String uploadId, long partSize, List<Part> parts) {

    public UploadState {
        parts = List.copyOf(parts);
    }

    /** The bytes the parts hold: the offset a resume writes on from. */
    public long uploaded() {
        return parts.size() * partSize;
    }

    /** One part as UploadPart answered it. */
    public record Part(int number, long size, String eTag) {
    }
}
