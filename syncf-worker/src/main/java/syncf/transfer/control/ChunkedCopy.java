package syncf.transfer.control;

import java.io.IOException;
import java.nio.ByteBuffer;
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
import syncf.task.entity.CopyCheckpoint;

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

    private record Resumable(long offset, Sha256 digest) {
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
     * Copies up to {@code maxChunks} chunks from the checkpoint on (more where the sink's stage
     * takes bytes in parts larger than a chunk: a slice ends where the stage is durable).
     *
     * @param from the last committed checkpoint, {@link CopyCheckpoint#START} for a fresh copy
     */
    public SliceOutcome copySlice(TaskLocations at, SourceVersion expected, CopyCheckpoint from, int maxChunks,
            Checkpoint checkpoint) throws IOException {
        long offset = from.offset();
        if (offset > expected.size()) {
            throw new IllegalArgumentException("offset " + offset + " outside 0.." + expected.size());
        }
        Location target = at.target();
        VersionedRead in;
        try {
            in = at.from().open(at.source(), expected.version());
        } catch (SourceChanged e) {
            forget(target);
            at.abortStaleStage(expected, from.stageState());
            throw e;
        }
        StagedWrite out;
        try {
            out = at.to().stage(target, expected.size(), in.modifiedAt(), from.stageState());
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
            Sha256 digest = resumedDigest(at, in, out, from, start, Math.max(written, offset), checkpoint);
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
                        Sha256 into = digest;
                        hashed = hashed.thenRunAsync(() -> into.update(toHash), hasher);
                        hashing[slot] = hashed;
                        out.write(piece, position);
                        position += length;
                        read += length;
                        slot = (slot + 1) % ring.length;
                    }
                    if (out.staged() == position) {
                        checkpoint.reached(checkpointAt(position, out, digest, hashed));
                    }
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
            String sha256 = digest.hex();
            publish(at.to(), out, sha256, checkpoint);
            return new SliceOutcome.Completed(position, read, sha256);
        } catch (SourceChanged e) {
            forget(target);
            out.abort();
            throw e;
        }
    }

    /**
     * A checkpoint at {@code position}, where everything before is staged: with the stage's
     * resume state and, for a portable digest, its state there (the hasher catches up first).
     */
    private static CopyCheckpoint checkpointAt(long position, StagedWrite out, Sha256 digest,
            CompletableFuture<?> hashed) {
        String digestState = null;
        if (digest.savesState()) {
            awaitHash(hashed);
            digestState = digest.state();
        }
        return new CopyCheckpoint(position, out.resumeState(), digestState);
    }

    /**
     * The digest of the first {@code start} bytes: kept in memory when this copier left the copy
     * there; else taken from the checkpoint (a portable state); else rebuilt from the staged bytes
     * where they can be read; else from the source's first bytes, which is reported as read again.
     */
    private Sha256 resumedDigest(TaskLocations at, VersionedRead in, StagedWrite out, CopyCheckpoint from, long start,
            long reached, Checkpoint checkpoint) throws IOException {
        Sha256 kept = kept(at.target(), start);
        if (kept != null) {
            return kept;
        }
        boolean readable = at.to().capabilities().readableStage();
        Sha256 saved = !readable && start > 0 && start == from.offset() ? savedDigest(from) : null;
        boolean rehash = start > 0 && !readable && saved == null;
        if (reached > 0) {
            checkpoint.resumed(reached - start + (rehash ? start : 0));
        }
        if (saved != null) {
            return saved;
        }
        Sha256 digest = readable ? Sha256.fast() : Sha256.portable();
        if (start > 0) {
            hashPrefix(digest, readable ? out::read : in::read, start);
        }
        return digest;
    }

    /** The digest state a checkpoint saved; null when it has none, or none this copier can read. */
    private static Sha256 savedDigest(CopyCheckpoint from) {
        if (from.digestState() == null) {
            return null;
        }
        try {
            return Sha256.resumed(from.digestState());
        } catch (IllegalArgumentException e) {
            return null; // then the source's first bytes are hashed again: slower, never wrong
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
    private Sha256 kept(Location target, long offset) {
        synchronized (digests) {
            Resumable kept = digests.remove(target);
            return kept != null && kept.offset() == offset ? kept.digest() : null;
        }
    }

    /** Feeds the digest the first {@code length} bytes, read from {@code from}. */
    private void hashPrefix(Sha256 digest, Ranged from, long length) throws IOException {
        ByteBuffer[] ring = takePieces();
        try {
            long position = 0;
            while (position < length) {
                int read = readChunk(from, ring[0], position, length - position);
                if (read == 0) {
                    throw new IOException("staged bytes ended at " + position + " bytes, checkpoint says " + length);
                }
                digest.update(ring[0]);
                position += read;
            }
        } finally {
            pieces.add(ring);
        }
    }

    private void remember(Location target, long offset, Sha256 digest) {
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

    /**
     * The staged bytes become the target in one commit, durable once the storage settled it;
     * the checkpoint hears that a long commit is still at work.
     */
    private static void publish(Storage storage, StagedWrite out, String sha256, Checkpoint checkpoint)
            throws IOException {
        out.commit(sha256, checkpoint::going);
        IOException notDurable = storage.settle(List.of(out)).get(out);
        if (notDurable != null) {
            throw notDurable;
        }
    }

}
