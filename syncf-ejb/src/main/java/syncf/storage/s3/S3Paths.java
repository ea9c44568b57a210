package syncf.storage.s3;

import java.nio.charset.StandardCharsets;
import java.util.List;
import syncf.storage.control.PathRejected;
import syncf.storage.s3.S3Settings.S3Root;

/**
 * Turns a job's {@code bucket/prefix} into an {@link S3Location}, refusing what the local
 * backend refuses (empty, absolute, NUL, {@code ..}) and what a key cannot carry faithfully
 * to a filesystem and back (empty segments, {@code .}), then confining it to the configured
 * roots. A refusal never lists the roots: which buckets a server may use is its configuration.
 */
final class S3Paths {

    /** S3's limit on a key, in UTF-8 bytes. */
    static final int KEY_MAX_BYTES = 1024;

    private final List<S3Root> roots;

    S3Paths(List<S3Root> roots) {
        this.roots = List.copyOf(roots);
    }

    S3Location locate(String field, String path) {
        if (path == null || path.isEmpty()) {
            throw new PathRejected(field + " must not be empty; give bucket/prefix");
        }
        if (path.indexOf('\0') >= 0) {
            throw new PathRejected(field + " must not contain NUL bytes");
        }
        if (path.startsWith("/") || path.startsWith("\\")) {
            throw new PathRejected(field + " \"" + path + "\" is absolute; give bucket/prefix");
        }
        // one trailing slash reads as the prefix it names, as "dir/" does locally
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (String segment : trimmed.split("/", -1)) {
            String why = reasonToRefuse(segment);
            if (why != null) {
                throw new PathRejected(field + " \"" + path + "\" " + why);
            }
        }
        int slash = trimmed.indexOf('/');
        String bucket = slash < 0 ? trimmed : trimmed.substring(0, slash);
        String key = slash < 0 ? "" : trimmed.substring(slash + 1);
        if (key.getBytes(StandardCharsets.UTF_8).length > KEY_MAX_BYTES) {
            throw new PathRejected(field + " is longer than the " + KEY_MAX_BYTES + " bytes S3 allows in a key");
        }
        if (roots.stream().noneMatch(root -> root.bucket().equals(bucket))) {
            throw new PathRejected(field + " \"" + path + "\": bucket \"" + bucket + "\" is not one this server may use");
        }
        if (roots.stream().noneMatch(root -> root.holds(bucket, key))) {
            throw new PathRejected(field + " \"" + path + "\" is outside the prefixes this server may use in bucket \""
                    + bucket + "\"");
        }
        return new S3Location(bucket, key);
    }

    /** Whether {@code at} is one of the roots itself: nothing above it is a job's to see. */
    boolean isRoot(S3Location at) {
        return roots.stream().anyMatch(root -> root.bucket().equals(at.bucket()) && root.prefix().equals(at.key()));
    }

    /** Why one segment of a path cannot be a name SyncF carries; null when it can. */
    static String reasonToRefuse(String segment) {
        if (segment.isEmpty()) {
            return "has an empty segment (\"//\", or \"/\" at either end)";
        } else if (segment.equals("..")) {
            return "has a \"..\" segment; give a path without one";
        } else if (segment.equals(".")) {
            return "has a \".\" segment; give a path without one";
        }
        return null;
    }
}
