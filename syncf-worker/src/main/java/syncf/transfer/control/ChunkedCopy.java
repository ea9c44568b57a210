package syncf.transfer.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import syncf.storage.control.Location;
import syncf.storage.control.PartFile;
import syncf.storage.control.SourceChanged;
import syncf.storage.control.StagedWrite;
import syncf.storage.control.Storage;
import syncf.storage.control.TargetBusy;
import syncf.storage.control.VersionedRead;

/**
 * Copies one file in chunks, one bounded slice at a time, so that a copy can stop after any
 * chunk and resume from its checkpoint on any worker.
 *
 * <ul>
 * <li>Bytes go to the target's {@link StagedWrite} (locally a part file beside the target,
 * {@link PartFile}, named after the target's path so that whichever worker resumes finds it); the
 * target appears only when it is whole: forced, checked against the source version, then
 * committed in one atomic step, with the source's modification time. An existing target
 * survives a failed copy.</li>
 * <li>SHA-256 is computed in the same pass as the copy (the JDK's digest uses the CPU's SHA
 * instructions), on a second thread: the copying thread reads a piece (at most 1 MiB) into a
 * direct buffer and writes it while the hasher digests the previous pieces, so hashing, which
 * costs as much CPU as the copy itself, overlaps it. The copying thread reads nothing past the
 * chunk it is about to checkpoint, so a crash still costs at most one chunk read again.
 * Between slices on the same worker the digest state is kept in memory; a
 * worker that resumes someone else's copy rebuilds it from the part file, so a resume reads
 * the source only from the checkpoint on (where the stage cannot be read back, as on S3, it
 * hashes the source's first bytes again).</li>
 * <li>Resuming cuts the part file back to the checkpoint (bytes written after the last
 * committed checkpoint are not trusted); a part file shorter than the checkpoint starts over.
 * A stage kept in whole parts (S3) keeps only the parts below the checkpoint, and the copy goes
 * on from the last of them; a slice runs on past its chunks until the stage keeps all it wrote
 * (a part boundary, or the end), so that slices shorter than a part still make progress.</li>
 * <li>The source must stay the version the task was taken for; any change, found before a
 * slice or at the end, discards the attempt ({@link SourceChanged}).</li>
 * <li>The part file is locked while a slice runs: a second copier of the same target gets
 * {@link TargetBusy} instead of writing too.</li>
 * </ul>
 */
public final class ChunkedCopy {

    private static final int DIGESTS_KEPT = 64;
    private static final int PIECE_SIZE = 1 << 20;
    /** Pieces in flight per copy: one being read or written, the others waiting for the hasher. */
    private static final int PIECES = 4;

    private final int chunkSize;
    private final Executor hasher;
    /** Direct buffers of finished copies, for the next: a copy neither allocates nor copies into the heap. */
    private final Queue<ByteBuffer[]> pieces = new ConcurrentLinkedQueue<>();
    /** Digest state per part file at the offset it was left at; a cache, never the truth. */
    private final Map<Location, Resumable> digests = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Location, Resumable> eldest) {
            return size() > DIGESTS_KEPT;
        }
    };

    private record Resumable(long offset, MessageDigest digest) {
    }

    /** @param hasher runs the SHA-256 of the pieces copied, in order, beside the copying thread */
    public ChunkedCopy(int chunkSize, Executor hasher) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
        }
        this.chunkSize = chunkSize;
        this.hasher = hasher;
    }

    public int chunkSize() {
        return chunkSize;
    }

    /**
     * Copies up to {@code maxChunks} chunks from {@code offset} on.
     *
     * @param offset the last committed checkpoint, 0 for a fresh copy
     */
    public SliceOutcome copySlice(TaskLocations at, SourceVersion expected, long offset, int maxChunks,
            Checkpoint checkpoint) throws IOException {
        if (offset < 0 || offset > expected.size()) {
            throw new IllegalArgumentException("offset " + offset + " outside 0.." + expected.size());
        }
        Location target = at.target();
        VersionedRead in;
        try {
            in = at.from().open(at.source(), expected.version());
        } catch (SourceChanged e) {
            forget(target);
            at.abortStaleStage(expected);
            throw e;
        }
        StagedWrite out;
        try {
            out = at.to().stage(target, expected.size(), in.modifiedAt());
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        try (out; in) {
            long written = out.staged();
            boolean readable = at.to().capabilities().readableStage();
            // a part file shorter than the checkpoint lost bytes: start over; a stage that keeps only what the
            // store acknowledged (S3's whole parts) is short of it when a part was still in memory: go on from there
            long start = written >= offset ? offset : readable ? 0 : written;
            out.truncate(start);
            start = Math.min(start, out.staged()); // whole parts only: a checkpoint inside a part cuts the part
            MessageDigest digest = kept(target, start);
            boolean rehash = digest == null && !readable;
            if (digest == null && Math.max(written, offset) > 0) {
                checkpoint.resumed(Math.max(written, offset) - start + (rehash ? start : 0));
            }
            if (digest == null) {
                digest = rehash ? digestOf(in::read, start) : digestOf(out::read, start);
            }
            long position = start;
            long read = 0;
            ByteBuffer[] ring = takePieces();
            CompletableFuture<?>[] hashing = new CompletableFuture<?>[ring.length];
            CompletableFuture<?> hashed = CompletableFuture.completedFuture(null);
            try {
                int slot = 0;
                // a slice ends only where the stage keeps what was written (locally anywhere; on S3 at a part
                // boundary), else the next slice would write the same bytes again, and again
                for (int chunk = 0; (chunk < maxChunks || out.staged() < position) && position < expected.size(); chunk++) {
                    long chunkEnd = Math.min(position + chunkSize, expected.size());
                    while (position < chunkEnd) {
                        ByteBuffer piece = ring[slot];
                        if (hashing[slot] != null) {
                            awaitHash(hashing[slot]); // the hasher is done with this buffer
                        }
                        int length = readChunk(in::read, piece, position, chunkEnd - position);
                        if (length == 0) {
                            throw new SourceChanged("source changed during the copy: it ended at " + position
                                    + " bytes, expected " + expected.size());
                        }
                        ByteBuffer toHash = piece.duplicate();
                        MessageDigest into = digest;
                        hashed = hashed.thenRunAsync(() -> into.update(toHash), hasher);
                        hashing[slot] = hashed;
                        out.write(piece, position);
                        position += length;
                        read += length;
                        slot = (slot + 1) % ring.length;
                    }
                    checkpoint.reached(position);
                }
                awaitHash(hashed);
            } finally {
                // the buffers go back only once the hasher has let go of them, even when the copy failed
                hashed.handle((ignored, failure) -> null).join();
                pieces.add(ring);
            }
            if (position < expected.size()) {
                remember(target, position, digest);
                return new SliceOutcome.Progressed(position, read);
            }
            in.requireUnchanged();
            out.force();
            forget(target);
            String sha256 = HexFormat.of().formatHex(digest.digest());
            publish(at.to(), out, sha256);
            return new SliceOutcome.Completed(position, read, sha256);
        } catch (SourceChanged e) {
            forget(target);
            out.abort();
            throw e;
        }
    }

    /** Removes what an abandoned copy left: the staged write and its digest state. */
    public void discard(Storage storage, Location target) throws IOException {
        forget(target);
        storage.abandon(target);
    }

    private ByteBuffer[] takePieces() {
        ByteBuffer[] ring = pieces.poll();
        if (ring == null) {
            ring = new ByteBuffer[PIECES];
            for (int i = 0; i < ring.length; i++) {
                ring[i] = ByteBuffer.allocateDirect(Math.min(chunkSize, PIECE_SIZE));
            }
        }
        return ring;
    }

    private static void awaitHash(CompletableFuture<?> hashing) {
        try {
            hashing.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    /** The digest this copier kept for the part file at {@code offset}, when it left the copy there itself; else null. */
    private MessageDigest kept(Location target, long offset) {
        synchronized (digests) {
            Resumable kept = digests.remove(target);
            return kept != null && kept.offset() == offset ? kept.digest() : null;
        }
    }

    /**
     * The digest of the first {@code offset} bytes: read back from the part file where the stage
     * is readable (the source is not read again), else from the source.
     */
    private MessageDigest digestOf(Ranged from, long offset) throws IOException {
        MessageDigest digest = sha256();
        ByteBuffer[] ring = takePieces();
        try {
            long position = 0;
            while (position < offset) {
                int length = readChunk(from, ring[0], position, offset - position);
                if (length == 0) {
                    throw new IOException("staged bytes ended at " + position + " bytes, checkpoint says " + offset);
                }
                digest.update(ring[0]);
                position += length;
            }
            return digest;
        } finally {
            pieces.add(ring);
        }
    }

    private void remember(Location target, long offset, MessageDigest digest) {
        synchronized (digests) {
            digests.put(target, new Resumable(offset, digest));
        }
    }

    private void forget(Location target) {
        synchronized (digests) {
            digests.remove(target);
        }
    }

    /** Ranged reads: of the source, or of the staged bytes back. */
    @FunctionalInterface
    private interface Ranged {
        int read(ByteBuffer into, long position) throws IOException;
    }

    /** Reads up to {@code limit} bytes (at most one buffer) at {@code position}; 0 only at the end. */
    private static int readChunk(Ranged from, ByteBuffer buffer, long position, long limit) throws IOException {
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), limit));
        return from.read(buffer, position);
    }

    /** The staged bytes become the target in one commit, durable once the storage settled it. */
    private static void publish(Storage storage, StagedWrite out, String sha256) throws IOException {
        out.commit(sha256);
        IOException notDurable = storage.settle(List.of(out)).get(out);
        if (notDurable != null) {
            throw notDurable;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
