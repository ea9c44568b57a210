package syncf.storage.s3;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import syncf.storage.control.Location;
import syncf.storage.control.StagedWrite;
import syncf.storage.control.StorageFailure;
import syncf.storage.s3.S3Errors.Side;

/**
 * The stage of an object larger than one part: a multipart upload, created with the first part
 * sent, each part sent as soon as it is whole (the copier writes in order, in pieces of at most
 * 1 MiB; one part is in memory at a time) and durable once UploadPart answered, the last part
 * sent by {@link #commit}, which is CompleteMultipartUpload. {@link #staged()} counts the parts
 * on the server only: a part still in memory is lost with a close, and a resume writes it again.
 *
 * <p>Each part carries {@code Content-MD5}, not {@code x-amz-checksum-sha256}: an upload
 * created with the SHA-256 algorithm must name every part's checksum in Complete, and a resume
 * cannot check them against ListParts (S3Proxy's and Ceph's omit them); the MD5
 * is checked by every server and is the part's ETag. The upload carries the metadata
 * {@code mtime} only: it is set at creation, before the object's SHA-256 can be known. The
 * task keeps that SHA-256.
 */
final class S3Upload implements StagedWrite {

    private static final System.Logger LOG = System.getLogger(S3Upload.class.getName());
    /** S3's ceiling on a multipart upload. */
    static final int MAX_PARTS = 10_000;

    private final S3Client client;
    private final S3Location target;
    private final long size;
    private final int partSize;
    private final long modifiedAt;
    private String uploadId;
    private final List<UploadState.Part> parts;
    private byte[] part;
    private int buffered;

    S3Upload(S3Client client, S3Location target, long size, int partSize, long modifiedAt, UploadState found) {
        this.client = client;
        this.target = target;
        this.size = size;
        this.partSize = partSize;
        this.modifiedAt = modifiedAt;
        this.uploadId = found.uploadId();
        this.parts = new ArrayList<>(found.parts());
    }

    /** What a checkpoint keeps of this upload: its id and the parts the store acknowledged. */
    @Override
    public String resumeState() {
        return new UploadState(uploadId, partSize, parts).text();
    }

    @Override
    public Location target() {
        return target;
    }

    @Override
    public long staged() {
        return uploaded();
    }

    private long uploaded() {
        return (long) parts.size() * partSize;
    }

    /**
     * Keeps the whole parts below {@code size} (and what is in memory below it); a part cut in
     * the middle is dropped whole, so {@link #staged()} may then be less than {@code size}. Cut to
     * 0, the upload itself goes: a fresh copy may be of another version, whose mtime it must carry.
     */
    @Override
    public void truncate(long size) {
        if (size >= uploaded() + buffered) {
            return;
        }
        int whole = (int) Math.min(parts.size(), size / partSize);
        if (whole < parts.size()) {
            // later parts are sent again under the same numbers; Complete names the new ones
            parts.subList(whole, parts.size()).clear();
            buffered = 0;
        } else {
            buffered = (int) (size - uploaded());
        }
        if (size == 0 && uploadId != null) {
            abortUpload();
        }
    }

    @Override
    public void write(ByteBuffer bytes, long position) throws IOException {
        if (position != uploaded() + buffered || position + bytes.remaining() > size) {
            throw new IOException("an S3 stage is written in order, within its size: " + bytes.remaining()
                    + " bytes at " + position + " after " + (uploaded() + buffered) + " of " + size);
        }
        while (bytes.hasRemaining()) {
            if (part == null) {
                part = new byte[partSize];
            }
            int length = Math.min(bytes.remaining(), partSize - buffered);
            bytes.get(part, buffered, length);
            buffered += length;
            if (buffered == partSize) {
                send();
            }
        }
    }

    /** Sends what is in memory as the next part. */
    private void send() throws IOException {
        int number = parts.size() + 1;
        if (number > MAX_PARTS) {
            throw new StorageFailure("cannot write the sink: more than " + MAX_PARTS + " parts", null);
        }
        int length = buffered;
        byte[] bytes = part;
        try {
            if (uploadId == null) {
                uploadId = client.createMultipartUpload(r -> r.bucket(target.bucket()).key(target.key())
                        .metadata(Map.of(S3Storage.MTIME, Mtime.text(modifiedAt)))).uploadId();
            }
            String md5 = Base64.getEncoder().encodeToString(md5(bytes, length));
            String eTag = client.uploadPart(r -> r.bucket(target.bucket()).key(target.key()).uploadId(uploadId)
                    .partNumber(number).contentLength((long) length).contentMD5(md5),
                    RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                            "application/octet-stream")).eTag();
            parts.add(new UploadState.Part(number, length, eTag));
            buffered = 0;
        } catch (SdkException e) {
            throw S3Errors.of(e, Side.SINK, target);
        }
    }

    @Override
    public int read(ByteBuffer into, long position) throws IOException {
        throw new IOException("an S3 stage cannot be read back");
    }

    /** A part is durable once UploadPart answered: nothing more to force. */
    @Override
    public void force() {
        // see above
    }

    /**
     * Sends the last part and completes the upload. The task keeps the SHA-256 (see the class
     * comment); the object's new ETag is not needed here, so an empty one in Complete's answer
     * (Ceph 16) needs no HEAD.
     */
    @Override
    public void commit(String sha256) throws IOException {
        if (buffered > 0) {
            send();
        }
        if (parts.stream().mapToLong(UploadState.Part::size).sum() != size) {
            throw new IOException("staged " + parts.size() + " parts, not the " + size + " bytes planned");
        }
        List<CompletedPart> completed = parts.stream()
                .map(p -> CompletedPart.builder().partNumber(p.number()).eTag(p.eTag()).build()).toList();
        try {
            client.completeMultipartUpload(r -> r.bucket(target.bucket()).key(target.key()).uploadId(uploadId)
                    .multipartUpload(u -> u.parts(completed)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                // aborted meanwhile (a kill's clean-up, a sweep): the next attempt finds no upload and starts over
                parts.clear();
                uploadId = null;
                throw new StorageFailure("cannot write the sink: its multipart upload was aborted; the copy starts over", null);
            }
            throw S3Errors.of(e, Side.SINK, target);
        } catch (SdkException e) {
            throw S3Errors.of(e, Side.SINK, target);
        }
        close();
    }

    @Override
    public void abort() {
        parts.clear();
        buffered = 0;
        if (uploadId != null) {
            abortUpload();
        }
        close();
    }

    private void abortUpload() {
        String id = uploadId;
        uploadId = null;
        try {
            client.abortMultipartUpload(r -> r.bucket(target.bucket()).key(target.key()).uploadId(id));
        } catch (SdkException e) {
            // a later abandon, or the bucket's lifecycle rule, removes it; the error names nothing to disclose
            LOG.log(WARNING, "Could not abort the multipart upload of {0}: {1}", target.relative(),
                    S3Errors.of(e, Side.SINK, target).getMessage());
        }
    }

    /** Lets the part in memory go; the parts sent stay for a resume. */
    @Override
    public void close() {
        part = null;
        LOG.log(DEBUG, "Stage of {0}: {1} parts on the server", target.relative(), parts.size());
    }

    private static byte[] md5(byte[] bytes, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            digest.update(bytes, 0, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
