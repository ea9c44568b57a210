package syncf.storage.control;

import java.util.Objects;
import java.util.Optional;

/**
 * Which version of an object a copy is for. Locally: size and modification time (epoch ms), as
 * the scan saw them ({@code tag} null). On S3 the tag is the ETag (not the versionId, which a
 * listing does not report), and a changed tag is a changed object whatever its size and time.
 */
public record Version(long size, long modifiedAt, String tag) {

    public Version {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }

    public static Version of(long size, long modifiedAt) {
        return new Version(size, modifiedAt, null);
    }

    /** Whether {@code now} is this version; a tag counts only when both sides have one. */
    public boolean matches(Version now) {
        return size == now.size && modifiedAt == now.modifiedAt
                && (tag == null || now.tag == null || Objects.equals(tag, now.tag));
    }

    /** Throws {@link SourceChanged}, saying how, unless {@code now} is a regular file of this version. */
    public void requireIn(Optional<Entry> now) throws SourceChanged {
        if (now.isEmpty()) {
            throw new SourceChanged("source was deleted");
        }
        if (now.get().type() != Entry.Type.FILE) {
            throw new SourceChanged("source is no longer a regular file");
        }
        Version found = now.get().version();
        if (!matches(found)) {
            throw new SourceChanged("source changed during the copy: size " + size + " -> " + found.size()
                    + ", modified " + modifiedAt + " -> " + found.modifiedAt()
                    + (tag != null && found.tag() != null && !tag.equals(found.tag()) ? ", tag " + tag + " -> " + found.tag() : ""));
        }
    }
}
