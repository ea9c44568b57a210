package syncf.storage.s3;

import static java.lang.System.Logger.Level.DEBUG;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Exception;
import syncf.storage.control.SourceChanged;
import syncf.storage.s3.S3Errors.Side;

/**
 * A copy inside the store, no byte through SyncF: one version of an object (named by its ETag)
 * to a key, with the metadata replaced by SyncF's. Up to the single-copy limit (SyncF: 512 MiB; S3 allows 5 GiB) it
 * is one CopyObject; above, a multipart upload whose parts are UploadPartCopy of byte ranges
 * (each part at most the limit and at most {@link #MAX_PART}, so a part is a request of bounded
 * length; 10,000 parts at most, up to S3's 5 TiB object), completed as the commit and aborted
 * on any failure, so a failed copy leaves no upload. Every request is conditional on the ETag
 * ({@code x-amz-copy-source-if-match}): a source replaced in the middle answers 412, which is
 * {@link SourceChanged}. The target may be the source itself, which is how a multipart object
 * gets its SHA-256 as metadata after its upload ({@link S3Upload#commit}).
 */
final class S3Copy {

    private static final System.Logger LOG = System.getLogger(S3Copy.class.getName());
    /** What one CopyObject (and one UploadPartCopy) can take on S3. */
    static final long MAX_SINGLE_COPY = 5L << 30;
    /** The largest part of a multipart copy: parts of 512 MiB take seconds each on S3. */
    static final long MAX_PART = 512L << 20;
    /**
     * The largest object SyncF copies in one CopyObject: above, a copy goes in parts, and the
     * task's lease is renewed after each (one CopyObject of 5 GiB takes longer than the default
     * 30 s lease at the ~140 MiB/s measured onto itself, and another worker would take the task
     * over and copy it again, over and over). A part of 512 MiB takes seconds.
     */
    static final long SINGLE_COPY = MAX_PART;
    private static final long MIB = 1 << 20;

    private final S3Client client;
    private final long singleCopyLimit;

    /** @param singleCopyLimit the largest object one CopyObject copies; tests lower it to reach the multipart copy */
    S3Copy(S3Client client, long singleCopyLimit) {
        if (singleCopyLimit < 5 * MIB || singleCopyLimit > MAX_SINGLE_COPY) {
            throw new IllegalArgumentException("a single copy takes 5 MiB to 5 GiB, not " + singleCopyLimit);
        }
        this.client = client;
        this.singleCopyLimit = singleCopyLimit;
    }

    /** The part size of a multipart copy of {@code size} bytes: within the limit, and 10,000 parts at most. */
    long partSize(long size) {
        long needed = (size + S3Upload.MAX_PARTS - 1) / S3Upload.MAX_PARTS;
        return Math.max(Math.min(singleCopyLimit, MAX_PART), (needed + MIB - 1) / MIB * MIB);
    }

    /**
     * Copies the object at {@code from}, of {@code size} bytes, while its ETag is {@code eTag},
     * to {@code to} with {@code metadata} (and nothing else of the source's).
     *
     * @param going run after each part of a copy in parts
     * @throws SourceChanged when the source is no longer that version
     */
    void copy(S3Location from, String eTag, long size, S3Location to, Map<String, String> metadata, Runnable going)
            throws IOException {
        try {
            if (size <= singleCopyLimit) {
                client.copyObject(r -> r.sourceBucket(from.bucket()).sourceKey(from.key()).copySourceIfMatch(eTag)
                        .destinationBucket(to.bucket()).destinationKey(to.key())
                        .metadataDirective(MetadataDirective.REPLACE).metadata(metadata));
            } else {
                copyInParts(from, eTag, size, to, metadata, going);
            }
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                throw new SourceChanged("source changed during the copy: its ETag is no longer the one the copy began with");
            }
            if (e.awsErrorDetails() != null && "NoSuchKey".equals(e.awsErrorDetails().errorCode())) {
                throw new SourceChanged("source was deleted during the copy");
            }
            throw S3Errors.of(e, Side.SINK, to);
        } catch (SdkException e) {
            throw S3Errors.of(e, Side.SINK, to);
        }
    }

    private void copyInParts(S3Location from, String eTag, long size, S3Location to, Map<String, String> metadata,
            Runnable going) {
        String uploadId = client.createMultipartUpload(r -> r.bucket(to.bucket()).key(to.key()).metadata(metadata)).uploadId();
        try {
            long partSize = partSize(size);
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < size; offset += partSize) {
                int number = parts.size() + 1;
                String range = "bytes=" + offset + "-" + (Math.min(size, offset + partSize) - 1);
                String partETag = client.uploadPartCopy(r -> r.sourceBucket(from.bucket()).sourceKey(from.key())
                        .copySourceIfMatch(eTag).copySourceRange(range)
                        .destinationBucket(to.bucket()).destinationKey(to.key()).uploadId(uploadId).partNumber(number))
                        .copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(partETag).build());
                going.run();
            }
            // onto itself, only over the version it read: a newer object written meanwhile stays
            String over = from.equals(to) ? eTag : null;
            client.completeMultipartUpload(r -> r.bucket(to.bucket()).key(to.key()).uploadId(uploadId).ifMatch(over)
                    .multipartUpload(u -> u.parts(parts)));
            LOG.log(DEBUG, "Copied {0} to {1} in {2} parts", from.relative(), to.relative(), parts.size());
        } catch (RuntimeException e) {
            S3Stages.abort(client, to, uploadId); // also when the caller's going failed
            throw e;
        }
    }
}
