package syncf.storage.s3;

import syncf.storage.control.Location;

/**
 * A place in an S3 store: a bucket and a normalised key ({@link S3Paths}), without a trailing
 * {@code /}; the key is empty for the bucket itself. A directory is the prefix {@code key + "/"}.
 */
public record S3Location(String bucket, String key) implements Location {

    @Override
    public String relative() {
        return key.isEmpty() ? bucket : bucket + "/" + key;
    }

    /** The prefix its entries' keys start with. */
    String prefix() {
        return key.isEmpty() ? "" : key + "/";
    }

    S3Location child(String name) {
        return new S3Location(bucket, key.isEmpty() ? name : key + "/" + name);
    }

    /** Whether {@code key} is {@code outer} or under it, on {@code /} boundaries. */
    static boolean under(String key, String outer) {
        return outer.isEmpty() || key.equals(outer) || key.startsWith(outer + "/");
    }
}
