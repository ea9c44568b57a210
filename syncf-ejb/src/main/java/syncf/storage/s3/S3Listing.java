package syncf.storage.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NoSuchElementException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;
import syncf.storage.control.Entry;
import syncf.storage.control.Listing;
import syncf.storage.control.Version;
import syncf.storage.s3.S3Errors.Side;

/**
 * One prefix level of a bucket, a page of up to 1,000 keys at a time (ListObjectsV2 with the
 * delimiter {@code /}), the next page fetched only when this one is used up: a prefix of a
 * million keys costs one page of memory. Common prefixes are directories, objects are files;
 * the prefix's own directory marker ({@code dir/}, as consoles create) is no file. A key SyncF
 * cannot carry as a name (an empty segment from {@code //}, {@code .}, {@code ..}) is reported
 * with {@code unfit}, so the scan skips it with the reason.
 *
 * <p>The first page is read by the constructor, so a bucket that is missing or refused fails
 * {@code list} itself; a later page that fails throws an {@link UncheckedIOException} holding
 * the {@link syncf.storage.control.StorageFailure}, as a local directory stream does.
 */
final class S3Listing implements Listing {

    static final int PAGE = 1000;

    private final S3Client client;
    private final S3Location directory;
    private final Deque<Entry> page = new ArrayDeque<>();
    private String continuation;
    private boolean more;

    S3Listing(S3Client client, S3Location directory) throws IOException {
        this.client = client;
        this.directory = directory;
        fetch(null);
    }

    private void fetch(String token) throws IOException {
        ListObjectsV2Response response;
        try {
            response = client.listObjectsV2(r -> r.bucket(directory.bucket()).prefix(directory.prefix()).delimiter("/")
                    .maxKeys(PAGE).continuationToken(token));
        } catch (SdkException e) {
            throw S3Errors.of(e, Side.LOOK, directory);
        }
        for (CommonPrefix prefix : response.commonPrefixes()) {
            String name = nameOf(prefix.prefix().substring(0, prefix.prefix().length() - 1));
            page.add(new Entry(directory.child(name), name, Entry.Type.DIRECTORY, Version.of(0, 0), null, unfit(name)));
        }
        for (S3Object object : response.contents()) {
            if (object.key().endsWith("/")) {
                continue; // a directory marker (this prefix's own: a deeper one is in a common prefix)
            }
            String name = nameOf(object.key());
            page.add(new Entry(directory.child(name), name, Entry.Type.FILE,
                    S3Storage.version(object.size(), object.lastModified(), object.eTag()), null, unfit(name)));
        }
        more = Boolean.TRUE.equals(response.isTruncated()) && response.nextContinuationToken() != null;
        continuation = response.nextContinuationToken();
    }

    private String nameOf(String key) {
        return key.substring(directory.prefix().length());
    }

    static String unfit(String name) {
        if (name.indexOf('\0') >= 0) {
            return "the key has a NUL byte; SyncF cannot carry it as a name";
        }
        String why = S3Paths.reasonToRefuse(name);
        return why == null ? null : "the key " + why + ", which a file name cannot be; SyncF cannot carry it as it is";
    }

    @Override
    public boolean hasNext() {
        // a page may hold nothing but this prefix's own marker: read on until an entry or the end
        while (page.isEmpty() && more) {
            try {
                fetch(continuation);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return !page.isEmpty();
    }

    @Override
    public Entry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.poll();
    }

    @Override
    public void close() {
        page.clear();
        more = false;
    }
}
