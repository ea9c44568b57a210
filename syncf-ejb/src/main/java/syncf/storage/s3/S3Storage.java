package syncf.storage.s3;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import syncf.storage.control.Capabilities;
import syncf.storage.control.Entry;
import syncf.storage.control.IoErrorMessage;
import syncf.storage.control.Listing;
import syncf.storage.control.Location;
import syncf.storage.control.SourceChanged;
import syncf.storage.control.StagedWrite;
import syncf.storage.control.Storage;
import syncf.storage.control.StorageFailure;
import syncf.storage.control.Version;
import syncf.storage.control.VersionedRead;
import syncf.storage.s3.S3Errors.Side;

/**
 * The {@code s3} backend: one S3-compatible store, confined to the buckets (or
 * {@code bucket/prefix} roots) its {@link S3Settings} name. A directory is a key prefix ending
 * in {@code /}, so no empty directory exists and none is made; a file is an object, written by
 * a single PUT when it fits one part and by a multipart upload otherwise ({@link S3Stages}),
 * with its modification time and SHA-256 as ASCII metadata. S3 has no lock: the task's lease is
 * the only mutual exclusion, so {@link #stage} never throws {@code TargetBusy}.
 */
public final class S3Storage implements Storage, AutoCloseable {

    private static final Capabilities CAPABILITIES = new Capabilities(false, false, true, true, false);

    private final S3Client client;
    private final S3Paths paths;
    private final S3Copy copy;
    private final S3Stages stages;
    private final List<S3Settings.S3Root> roots;

    /** @param singleCopyLimit the largest object one CopyObject copies (512 MiB, of the 5 GiB S3 allows); above, the copy is in parts */
    S3Storage(S3Client client, S3Settings settings, long singleCopyLimit) {
        this.client = client;
        this.paths = new S3Paths(settings.roots());
        this.copy = new S3Copy(client, singleCopyLimit);
        this.stages = new S3Stages(client, copy);
        this.roots = settings.roots();
    }

    /** A storage with a client of its own for {@code settings}, closed with it. */
    public static S3Storage open(S3Settings settings) {
        return open(settings, S3Copy.SINGLE_COPY);
    }

    /** As {@link #open(S3Settings)}, with a lower single-copy limit: tests reach the multipart copy with small objects. */
    static S3Storage open(S3Settings settings, long singleCopyLimit) {
        if (!settings.configured()) {
            throw new IllegalArgumentException("no buckets configured");
        }
        return new S3Storage(client(settings), settings, singleCopyLimit);
    }

    /**
     * The sync client over Apache HttpClient 5, as the spike found works on every server tried:
     * checksums only where an operation requires one (the SDK's default, a CRC32 trailer on
     * every PUT, is refused by older servers), SyncF sends its own SHA-256 and MD5; the
     * standard retry mode's few retries with backoff, SyncF's task retries after those.
     */
    static S3Client client(S3Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder())
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .credentialsProvider(credentials(settings));
        settings.endpoint().ifPresent(builder::endpointOverride);
        settings.region().map(Region::of).ifPresent(builder::region);
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.accessKey().isEmpty() || settings.secretKey().isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        String id = settings.accessKey().get();
        String secret = settings.secretKey().get();
        return StaticCredentialsProvider.create(settings.sessionToken()
                .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(token -> AwsSessionCredentials.create(id, secret, token))
                .orElseGet(() -> AwsBasicCredentials.create(id, secret)));
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String type() {
        return "s3";
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public S3Location locate(String field, String path) {
        return paths.locate(field, path);
    }

    /** S3 has no links: an entry is what its path names. */
    @Override
    public S3Location locateEntry(String field, String path) {
        return paths.locate(field, path);
    }

    /** Null at a configured root and at the bucket: nothing above is a job's. */
    @Override
    public Location parent(Location at) {
        S3Location location = s3(at);
        if (location.key().isEmpty() || paths.isRoot(location)) {
            return null;
        }
        int slash = location.key().lastIndexOf('/');
        return new S3Location(location.bucket(), slash < 0 ? "" : location.key().substring(0, slash));
    }

    @Override
    public boolean within(Location inner, Location outer) {
        S3Location in = s3(inner);
        S3Location out = s3(outer);
        return in.bucket().equals(out.bucket()) && S3Location.under(in.key(), out.key());
    }

    /**
     * An object is a file; else a prefix with anything under it, or the bucket itself, is a
     * directory. The listing also finds a bucket that does not exist: HeadObject's 404 cannot
     * tell a missing key from a missing bucket, ListObjectsV2 says NoSuchBucket.
     */
    @Override
    public Optional<Entry> stat(Location at) throws IOException {
        S3Location location = s3(at);
        String name = location.key().isEmpty() ? location.bucket()
                : location.key().substring(location.key().lastIndexOf('/') + 1);
        if (!location.key().isEmpty()) {
            Optional<HeadObjectResponse> head = head(location, Side.LOOK);
            if (head.isPresent()) {
                return Optional.of(new Entry(location, name, Entry.Type.FILE, version(head.get()), null, null));
            }
        }
        ListObjectsV2Response under;
        try {
            under = client.listObjectsV2(r -> r.bucket(location.bucket()).prefix(location.prefix()).maxKeys(1));
        } catch (SdkException e) {
            throw S3Errors.of(e, Side.LOOK, location);
        }
        if (location.key().isEmpty() || under.hasContents() && !under.contents().isEmpty()) {
            return Optional.of(new Entry(location, name, Entry.Type.DIRECTORY, Version.of(0, 0), null, null));
        }
        return Optional.empty();
    }

    /** The object's head; empty when there is none (404). */
    Optional<HeadObjectResponse> head(S3Location at, Side side) throws IOException {
        try {
            return Optional.of(client.headObject(r -> r.bucket(at.bucket()).key(at.key())));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw S3Errors.of(e, side, at);
        } catch (SdkException e) {
            throw S3Errors.of(e, side, at);
        }
    }

    /**
     * Size, Last-Modified in whole seconds (a HEAD's HTTP date has no more; a listing's has
     * milliseconds, cut so that both agree) and the ETag. Not the versionId: a listing does
     * not report it, and a version compared with a tag it lacks would differ; the ETag alone
     * changes whenever the bytes do.
     */
    static Version version(long size, Instant lastModified, String eTag) {
        return new Version(size, lastModified.getEpochSecond() * 1000, eTag);
    }

    private static Version version(HeadObjectResponse head) {
        return version(head.contentLength(), head.lastModified(), head.eTag());
    }

    @Override
    public Listing list(Location directory) throws IOException {
        return new S3Listing(client, s3(directory));
    }

    /**
     * A copy inside the store ({@link S3Copy}: one CopyObject up to 512 MiB, UploadPartCopy in
     * parts above), conditional on the ETag the version check saw, with the metadata replaced by
     * SyncF's (the source's mtime and SHA-256): only for an object whose SHA-256 SyncF stored,
     * since a task's checksum is the file's digest and a copy inside the store reads no byte to
     * compute it. SyncF stores it on every object it writes, a single PUT's or a multipart
     * upload's.
     */
    @Override
    public Optional<String> copyWithin(Location source, Version expected, Location target, Runnable going)
            throws IOException {
        S3Location from = s3(source);
        S3Location to = s3(target);
        HeadObjectResponse head = head(from, Side.SOURCE).orElseThrow(() -> new SourceChanged("source was deleted"));
        expected.requireIn(Optional.of(new Entry(from, from.key(), Entry.Type.FILE, version(head), null, null)));
        Optional<String> sha256 = S3Metadata.sha256(head);
        if (sha256.isPresent()) {
            copy.copy(from, head.eTag(), head.contentLength(), to, S3Metadata.of(S3Metadata.modifiedAt(head), sha256.get()),
                    going);
        }
        return sha256;
    }

    @Override
    public VersionedRead open(Location file, Version expected) throws IOException {
        S3Location at = s3(file);
        HeadObjectResponse head = head(at, Side.SOURCE).orElseThrow(() -> new SourceChanged("source was deleted"));
        Version now = version(head);
        expected.requireIn(Optional.of(new Entry(at, at.key(), Entry.Type.FILE, now, null, null)));
        return new S3Read(this, client, at, expected, now, S3Metadata.modifiedAt(head));
    }

    @Override
    public StagedWrite stage(Location target, long size, long modifiedAt, String resume) throws IOException {
        S3Location at = s3(target);
        if (at.key().isEmpty()) {
            throw new StorageFailure("cannot write the sink: a file needs a key in bucket \"" + at.bucket() + "\"", null);
        }
        return stages.stage(at, size, modifiedAt, resume);
    }

    /**
     * The multipart uploads under the configured roots, every page; the stale ones no task
     * claims are aborted. A root that cannot be read (a bucket not made yet) does not keep the
     * others from being swept; the first such failure is thrown after them.
     */
    @Override
    public int sweepStages(Instant startedBefore, Predicate<String> inUse) throws IOException {
        int aborted = 0;
        IOException first = null;
        for (S3Settings.S3Root root : roots) {
            try {
                aborted += stages.abortStale(root.bucket(), root.prefix(), startedBefore, inUse);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
        return aborted;
    }

    @Override
    public boolean abandon(Location target) throws IOException {
        return stages.abortAll(s3(target)) > 0;
    }

    /** A commit is durable when S3 answered it: nothing is left to settle. */
    @Override
    public Map<StagedWrite, IOException> settle(Collection<StagedWrite> committed) {
        return Map.of();
    }

    /** Nothing to make: a prefix exists once an object is under it (the scan makes no task for an empty one here). */
    @Override
    public void makeDirectory(Location directory, long modifiedAt) {
        // no directory objects: see the class comment
    }

    @Override
    public Optional<String> readLink(Location link) {
        return Optional.empty();
    }

    @Override
    public void link(Location at, String linkTarget) throws IOException {
        throw new StorageFailure("the sink (s3) keeps no symbolic links", null);
    }

    @Override
    public boolean delete(Location at) throws IOException {
        S3Location location = s3(at);
        if (head(location, Side.SINK).isEmpty()) {
            return false;
        }
        try {
            client.deleteObject(r -> r.bucket(location.bucket()).key(location.key()));
            return true;
        } catch (SdkException e) {
            throw S3Errors.of(e, Side.SINK, location);
        }
    }

    /** Every S3 failure is already told ({@link S3Errors}); anything else is named by its reason only. */
    @Override
    public String describe(IOException e, Location source, Location sink) {
        return e instanceof StorageFailure || e instanceof SourceChanged ? e.getMessage() : "I/O error: " + IoErrorMessage.reason(e);
    }

    static S3Location s3(Location at) {
        if (at instanceof S3Location location) {
            return location;
        }
        throw new IllegalArgumentException("not a location of an S3 storage: " + at.relative());
    }
}
