package syncf.storage.s3;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import syncf.storage.control.SourceChanged;
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
 * is checked by every server and is the part's ETag. The upload is created with the metadata
 * {@code mtime} only, before the object's SHA-256 can be known; once complete, the object
 * copies itself inside the store with {@code sha256} added ({@link S3Copy}, conditional on
 * the ETag Complete gave), so it carries what a single PUT's object carries (docs/adr/0018).
 */
final class S3Upload extends S3Stage {

    private static final System.Logger LOG = System.getLogger(S3Upload.class.getName());
    /** S3's ceiling on a multipart upload. */
    static final int MAX_PARTS = 10_000;

    private final S3Client client;
    private final S3Copy copy;
    private final long size;
    private final int partSize;
    private String uploadId;
    private final List<UploadState.Part> parts;
    private byte[] part;
    private int buffered;

    S3Upload(S3Client client, S3Copy copy, S3Location target, long size, int partSize, long modifiedAt, UploadState found) {
        super(target, modifiedAt);
        this.client = client;
        this.copy = copy;
        this.size = size;
        this.partSize = partSize;
        this.uploadId = found.uploadId();
        this.parts = new ArrayList<>(found.parts());
    }

    /** What a checkpoint keeps of this upload: its id and the parts the store acknowledged. */
    @Override
    public String resumeState() {
        return new UploadState(uploadId, partSize, parts).text();
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
        requireInOrder(bytes, position, uploaded() + buffered, size);
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
                        .metadata(S3Metadata.of(modifiedAt))).uploadId();
            }
            String md5 = Base64.getEncoder().encodeToString(md5(bytes, length));
            String eTag = client.uploadPart(r -> r.bucket(target.bucket()).key(target.key()).uploadId(uploadId)
                    .partNumber(number).contentLength((long) length).contentMD5(md5), body(bytes, length)).eTag();
            parts.add(new UploadState.Part(number, length, eTag));
            buffered = 0;
        } catch (SdkException e) {
            throw S3Errors.of(e, Side.SINK, target);
        }
    }

    /**
     * Sends the last part, completes the upload, and gives the object its SHA-256 as metadata
     * (see the class comment).
     */
    @Override
    public void commit(String sha256) throws IOException {
        commit(sha256, () -> { });
    }

    /** As {@link #commit(String)}; {@code going} runs after each part of the copy that adds the SHA-256. */
    @Override
    public void commit(String sha256, Runnable going) throws IOException {
        if (buffered > 0) {
            send();
        }
        if (parts.stream().mapToLong(UploadState.Part::size).sum() != size) {
            throw new IOException("staged " + parts.size() + " parts, not the " + size + " bytes planned");
        }
        List<CompletedPart> completed = parts.stream()
                .map(p -> CompletedPart.builder().partNumber(p.number()).eTag(p.eTag()).build()).toList();
        String eTag;
        try {
            eTag = client.completeMultipartUpload(r -> r.bucket(target.bucket()).key(target.key()).uploadId(uploadId)
                    .multipartUpload(u -> u.parts(completed))).eTag();
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
        addDigest(eTag, sha256, going);
    }

    /**
     * The object, complete, copies itself with {@code sha256} added, as long as it is the one
     * Complete made (its ETag; Ceph 16 answers Complete without one, so a HEAD asks). The bytes
     * are published already: when this fails (the store does not answer, or another writer
     * replaced the object meanwhile), the object stays whole without {@code sha256}, as another
     * tool's object, and the task keeps the digest; a copy of it later travels through a worker.
     *
     * @return whether the object now carries its SHA-256
     */
    boolean addDigest(String eTag, String sha256, Runnable going) {
        try {
            String made = eTag == null || eTag.isEmpty()
                    ? client.headObject(r -> r.bucket(target.bucket()).key(target.key())).eTag() : eTag;
            copy.copy(target, made, size, target, S3Metadata.of(modifiedAt, sha256), going);
            return true;
        } catch (SourceChanged e) {
            LOG.log(WARNING, "{0} was replaced right after its upload; it keeps no sha256 metadata", target.relative());
        } catch (IOException e) {
            LOG.log(WARNING, "{0} is uploaded, but without its sha256 metadata: {1}", target.relative(), e.getMessage());
        } catch (SdkException e) {
            LOG.log(WARNING, "{0} is uploaded, but without its sha256 metadata: {1}", target.relative(),
                    S3Errors.of(e, Side.SINK, target).getMessage());
        } catch (RuntimeException e) {
            // the caller's going stopped the copy (its task passed to another worker, its database away): the
            // object is published whole all the same, and the caller learns the rest on its own next step
            LOG.log(WARNING, "{0} is uploaded, but without its sha256 metadata: {1}", target.relative(), e.getMessage());
        }
        return false;
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
        S3Stages.abort(client, target, id);
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
