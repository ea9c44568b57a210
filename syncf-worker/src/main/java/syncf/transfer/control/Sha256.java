package syncf.transfer.control;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * The SHA-256 of one copy, fed the copied bytes in order. Two kinds, because no one digest is
 * both fast and portable (docs/perf/sha256-digest-state.md):
 * <ul>
 * <li>{@link #fast()}: the JDK's, which uses the CPU's SHA instructions, but whose state cannot
 * leave the JVM. For a sink whose staged bytes can be read back (a local part file): a worker
 * that resumes someone else's copy rebuilds the digest from them, without reading the source.</li>
 * <li>{@link #portable()}: Bouncy Castle's, slower, whose state a checkpoint saves
 * ({@link #state()}) and any worker takes up again ({@link #resumed}). For a sink whose staged
 * bytes cannot be read (an unfinished S3 multipart upload): a resume then reads neither the
 * source's first bytes nor anything from the sink.</li>
 * </ul>
 */
abstract sealed class Sha256 {

    static Sha256 fast() {
        return new Jdk();
    }

    static Sha256 portable() {
        return new Portable(new SHA256Digest());
    }

    /** The digest as {@link #state()} saved it; throws IllegalArgumentException when the text is not such a state. */
    static Sha256 resumed(String state) {
        byte[] encoded = Base64.getDecoder().decode(state);
        try {
            return new Portable(new SHA256Digest(encoded));
        } catch (RuntimeException e) {
            // Bouncy Castle checks no length: a short state fails as an index out of bounds
            throw new IllegalArgumentException("not a SHA-256 state of " + encoded.length + " bytes", e);
        }
    }

    /** Feeds the bytes from the buffer's position to its limit (and leaves them there). */
    abstract void update(ByteBuffer bytes);

    /** Whether {@link #state()} can be saved. */
    abstract boolean savesState();

    /** The digest's state after the bytes fed so far, as text for a checkpoint; null for the fast kind. */
    abstract String state();

    /** Finishes the digest: lower-case hex. */
    abstract String hex();

    private static final class Jdk extends Sha256 {

        private final MessageDigest digest;

        Jdk() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }

        @Override
        void update(ByteBuffer bytes) {
            digest.update(bytes);
        }

        @Override
        boolean savesState() {
            return false;
        }

        @Override
        String state() {
            return null;
        }

        @Override
        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    private static final class Portable extends Sha256 {

        /** Bouncy Castle reads arrays only: a direct buffer passes through this, a piece at a time. */
        private final byte[] scratch = new byte[64 << 10];
        private final SHA256Digest digest;

        Portable(SHA256Digest digest) {
            this.digest = digest;
        }

        @Override
        void update(ByteBuffer bytes) {
            if (bytes.hasArray()) {
                digest.update(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
                bytes.position(bytes.limit());
                return;
            }
            while (bytes.hasRemaining()) {
                int length = Math.min(scratch.length, bytes.remaining());
                bytes.get(scratch, 0, length);
                digest.update(scratch, 0, length);
            }
        }

        @Override
        boolean savesState() {
            return true;
        }

        @Override
        String state() {
            return Base64.getEncoder().encodeToString(digest.getEncodedState());
        }

        @Override
        String hex() {
            byte[] out = new byte[digest.getDigestSize()];
            digest.doFinal(out, 0);
            return HexFormat.of().formatHex(out);
        }
    }
}
