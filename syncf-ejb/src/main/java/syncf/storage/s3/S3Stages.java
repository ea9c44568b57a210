package syncf.storage.s3;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import syncf.storage.control.StagedWrite;
import syncf.storage.s3.S3Errors.Side;

/**
 * Starts or takes up the stage of one target: a single PUT ({@link S3Put}) when the object fits
 * one part, else a multipart upload ({@link S3Upload}). Only the upload a checkpoint's
 * {@link UploadState} names is ever taken up: its parts are kept as far as ListParts shows them
 * unchanged (same number, size and ETag); an upload the store no longer has starts anew.
 * Without one (a fresh copy, a checkpoint of an older SyncF, a crash before the first part was
 * acknowledged) a new upload starts: S3 has no lock, so another upload of the same key may be a
 * live copier's (a newer task's, whose source changed again), which a copy must neither write
 * into nor abort. Uploads no checkpoint names are the sweep's ({@link #abortStale}).
 */
final class S3Stages {

    private static final System.Logger LOG = System.getLogger(S3Stages.class.getName());
    private static final int MIB = 1 << 20;
    /** SyncF's chunk size: a part per chunk for any object up to 78 GiB. S3's floor is 5 MiB. */
    static final int MIN_PART_SIZE = 8 * MIB;

    private final S3Client client;
    private final S3Copy copy;

    S3Stages(S3Client client, S3Copy copy) {
        this.client = client;
        this.copy = copy;
    }

    /** 8 MiB, or more in whole MiB so that the object fits S3's 10,000 parts. */
    static int partSize(long size) {
        long needed = (size + S3Upload.MAX_PARTS - 1) / S3Upload.MAX_PARTS;
        long mib = (needed + MIB - 1) / MIB * MIB;
        return Math.toIntExact(Math.max(MIN_PART_SIZE, mib));
    }

    StagedWrite stage(S3Location target, long size, long modifiedAt, String resume) throws IOException {
        int partSize = partSize(size);
        if (size <= partSize) {
            return new S3Put(client, target, size, modifiedAt);
        }
        Optional<UploadState> checkpointed = UploadState.parse(resume).filter(state -> state.partSize() == partSize);
        UploadState state = checkpointed.isPresent() ? reconciled(target, checkpointed.get())
                : new UploadState(null, partSize, List.of());
        return new S3Upload(client, copy, target, size, partSize, modifiedAt, state);
    }

    /**
     * The checkpoint's parts that the store still holds as they were acknowledged, up to the
     * first that differs; none, and a new upload, when the upload is gone (aborted by a kill's
     * clean-up or a sweep, expired by a lifecycle rule).
     */
    private UploadState reconciled(S3Location target, UploadState checkpointed) throws IOException {
        List<Part> listed;
        try {
            listed = listParts(target, checkpointed.uploadId());
        } catch (NoSuchUploadException e) {
            LOG.log(INFO, "The upload of {0} is gone; the copy starts a new one", target.relative());
            return new UploadState(null, checkpointed.partSize(), List.of());
        }
        List<UploadState.Part> kept = new ArrayList<>();
        for (UploadState.Part part : checkpointed.parts()) {
            boolean there = listed.stream().anyMatch(p -> p.partNumber() == part.number() && p.size() == part.size()
                    && Objects.equals(p.eTag(), part.eTag()));
            if (!there) {
                break;
            }
            kept.add(part);
        }
        if (kept.isEmpty()) {
            // some servers (S3Proxy) answer ListParts of an aborted upload with no parts instead of NoSuchUpload;
            // a checkpoint always names at least one part, so none there means the upload is gone
            LOG.log(INFO, "The upload of {0} holds none of its checkpoint''s parts; the copy starts a new one",
                    target.relative());
            return new UploadState(null, checkpointed.partSize(), List.of());
        }
        LOG.log(INFO, "Resuming the upload of {0} from its checkpoint: {1} of {2} parts kept", target.relative(),
                kept.size(), checkpointed.parts().size());
        return new UploadState(checkpointed.uploadId(), checkpointed.partSize(), kept);
    }

    /**
     * Aborts the multipart uploads under {@code prefix} of {@code bucket} begun before
     * {@code startedBefore} that {@code inUse} does not claim; how many.
     */
    int abortStale(String bucket, String prefix, Instant startedBefore, Predicate<String> inUse) throws IOException {
        int aborted = 0;
        for (MultipartUpload upload : uploadsUnder(new S3Location(bucket, prefix))) {
            if (upload.initiated().isBefore(startedBefore) && !inUse.test(upload.uploadId())) {
                abort(new S3Location(bucket, upload.key()), upload.uploadId());
                aborted++;
            }
        }
        return aborted;
    }

    /** Aborts every multipart upload of the target (a killed job's clean-up); how many there were. */
    int abortAll(S3Location target) throws IOException {
        List<MultipartUpload> uploads = uploadsOf(target);
        for (MultipartUpload upload : uploads) {
            abort(target, upload.uploadId());
        }
        return uploads.size();
    }

    /** The uploads of exactly this key (the prefix also matches longer keys). */
    private List<MultipartUpload> uploadsOf(S3Location target) throws IOException {
        return uploadsUnder(target).stream().filter(u -> u.key().equals(target.key())).toList();
    }

    /** The uploads of every key under {@code prefix}'s key, every page. */
    private List<MultipartUpload> uploadsUnder(S3Location prefix) throws IOException {
        List<MultipartUpload> uploads = new ArrayList<>();
        String keyMarker = null;
        String uploadIdMarker = null;
        try {
            while (true) {
                String keys = keyMarker;
                String ids = uploadIdMarker;
                ListMultipartUploadsResponse page = client.listMultipartUploads(r -> r.bucket(prefix.bucket())
                        .prefix(prefix.key()).keyMarker(keys).uploadIdMarker(ids));
                uploads.addAll(page.uploads());
                if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextKeyMarker() == null) {
                    return uploads;
                }
                keyMarker = page.nextKeyMarker();
                uploadIdMarker = page.nextUploadIdMarker();
            }
        } catch (SdkException e) {
            throw S3Errors.of(e, Side.SINK, prefix);
        }
    }

    /** Every part of the upload, in order, every page read following the marker. */
    private List<Part> listParts(S3Location target, String uploadId) throws IOException {
        List<Part> listed = new ArrayList<>();
        Integer marker = null;
        try {
            while (true) {
                Integer after = marker;
                ListPartsResponse page = client.listParts(r -> r.bucket(target.bucket()).key(target.key())
                        .uploadId(uploadId).partNumberMarker(after));
                listed.addAll(page.parts());
                Integer next = page.nextPartNumberMarker();
                if (!Boolean.TRUE.equals(page.isTruncated()) || next == null || (after != null && next <= after)) {
                    break;
                }
                marker = next;
            }
        } catch (NoSuchUploadException e) {
            throw e;
        } catch (SdkException e) {
            throw S3Errors.of(e, Side.SINK, target);
        }
        listed.sort(Comparator.comparing(Part::partNumber));
        return listed;
    }

    private void abort(S3Location target, String uploadId) {
        abort(client, target, uploadId);
    }

    /**
     * Aborts one multipart upload (a stage's, a copy's). A failure is logged, not thrown: a later
     * abandon, the sweep of stale uploads or the bucket's lifecycle rule removes it, and the
     * error names nothing to disclose.
     */
    static void abort(S3Client client, S3Location target, String uploadId) {
        try {
            client.abortMultipartUpload(r -> r.bucket(target.bucket()).key(target.key()).uploadId(uploadId));
        } catch (SdkException e) {
            LOG.log(WARNING, "Could not abort a multipart upload of {0}: {1}", target.relative(),
                    S3Errors.of(e, Side.SINK, target).getMessage());
        }
    }
}
