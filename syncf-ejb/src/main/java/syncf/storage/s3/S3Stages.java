package syncf.storage.s3;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import syncf.storage.control.StagedWrite;
import syncf.storage.s3.S3Errors.Side;

/**
 * Starts or takes up the stage of one target: a single PUT ({@link S3Put}) when the object fits
 * one part, else the target's multipart upload ({@link S3Upload}), found from the target alone
 * as any worker finds a local part file: ListMultipartUploads for exactly this key (the newest
 * kept, others aborted), then ListParts, of which the parts 1..n without a gap and of the full
 * part size are kept; a later part is sent again.
 */
final class S3Stages {

    private static final System.Logger LOG = System.getLogger(S3Stages.class.getName());
    private static final int MIB = 1 << 20;
    /** SyncF's chunk size: a part per chunk for any object up to 78 GiB. S3's floor is 5 MiB. */
    static final int MIN_PART_SIZE = 8 * MIB;

    private final S3Client client;

    S3Stages(S3Client client) {
        this.client = client;
    }

    /** 8 MiB, or more in whole MiB so that the object fits S3's 10,000 parts. */
    static int partSize(long size) {
        long needed = (size + S3Upload.MAX_PARTS - 1) / S3Upload.MAX_PARTS;
        long mib = (needed + MIB - 1) / MIB * MIB;
        return Math.toIntExact(Math.max(MIN_PART_SIZE, mib));
    }

    StagedWrite stage(S3Location target, long size, long modifiedAt) throws IOException {
        int partSize = partSize(size);
        if (size <= partSize) {
            return new S3Put(client, target, size, modifiedAt);
        }
        List<MultipartUpload> uploads = uploadsOf(target);
        if (uploads.isEmpty()) {
            return new S3Upload(client, target, size, partSize, modifiedAt, new UploadState(null, partSize, List.of()));
        }
        MultipartUpload newest = uploads.stream().max(Comparator.comparing(MultipartUpload::initiated)).orElseThrow();
        for (MultipartUpload other : uploads) {
            if (other != newest) {
                abort(target, other.uploadId());
            }
        }
        UploadState found = new UploadState(newest.uploadId(), partSize, wholeParts(target, newest.uploadId(), partSize));
        LOG.log(INFO, "Resuming the upload of {0}: {1} parts of {2} bytes on the server", target.relative(),
                found.parts().size(), partSize);
        return new S3Upload(client, target, size, partSize, modifiedAt, found);
    }

    /** Aborts every multipart upload of the target; how many there were. */
    int abortAll(S3Location target) throws IOException {
        List<MultipartUpload> uploads = uploadsOf(target);
        for (MultipartUpload upload : uploads) {
            abort(target, upload.uploadId());
        }
        return uploads.size();
    }

    /** The uploads of exactly this key (the prefix also matches longer keys), every page. */
    private List<MultipartUpload> uploadsOf(S3Location target) throws IOException {
        List<MultipartUpload> uploads = new ArrayList<>();
        String keyMarker = null;
        String uploadIdMarker = null;
        try {
            while (true) {
                String keys = keyMarker;
                String ids = uploadIdMarker;
                ListMultipartUploadsResponse page = client.listMultipartUploads(r -> r.bucket(target.bucket())
                        .prefix(target.key()).keyMarker(keys).uploadIdMarker(ids));
                page.uploads().stream().filter(u -> u.key().equals(target.key())).forEach(uploads::add);
                if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextKeyMarker() == null) {
                    return uploads;
                }
                keyMarker = page.nextKeyMarker();
                uploadIdMarker = page.nextUploadIdMarker();
            }
        } catch (SdkException e) {
            throw S3Errors.of(e, Side.SINK, target);
        }
    }

    /**
     * The parts a resume keeps: 1..n without a gap, each of the full part size (a shorter one
     * was an earlier last part, or a plan of another size). Every page is read, following the
     * marker: some servers page, S3Proxy ignores {@code maxParts} and sends all.
     */
    private List<UploadState.Part> wholeParts(S3Location target, String uploadId, int partSize) throws IOException {
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
        } catch (SdkException e) {
            throw S3Errors.of(e, Side.SINK, target);
        }
        listed.sort(Comparator.comparing(Part::partNumber));
        List<UploadState.Part> kept = new ArrayList<>();
        for (Part part : listed) {
            if (part.partNumber() != kept.size() + 1 || part.size() != partSize) {
                break;
            }
            kept.add(new UploadState.Part(part.partNumber(), part.size(), part.eTag()));
        }
        return kept;
    }

    private void abort(S3Location target, String uploadId) {
        try {
            client.abortMultipartUpload(r -> r.bucket(target.bucket()).key(target.key()).uploadId(uploadId));
        } catch (SdkException e) {
            LOG.log(WARNING, "Could not abort a multipart upload of {0}: {1}", target.relative(),
                    S3Errors.of(e, Side.SINK, target).getMessage());
        }
    }
}
