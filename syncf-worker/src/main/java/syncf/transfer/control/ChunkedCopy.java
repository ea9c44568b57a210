package syncf.transfer.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import syncf.storage.control.PartFile;

/**
 * Copies one file in chunks, one bounded slice at a time, so that a copy can stop after any
 * chunk and resume from its checkpoint on any worker.
 *
 * <ul>
 * <li>Bytes go to a part file beside the target ({@link PartFile}, {@code .HASH.syncf-part}),
 * named after the target's path so that whichever worker resumes finds it; the target appears only when the part
 * file is whole: fsynced, checked against the source version, then atomically renamed over
 * it, with the source's modification time. An existing target survives a failed copy.</li>
 * <li>SHA-256 is computed in the same pass as the copy (the JDK's digest uses the CPU's SHA
 * instructions), on a second thread: the copying thread reads a piece (at most 1 MiB) into a
 * direct buffer and writes it while the hasher digests the previous pieces, so hashing, which
 * costs as much CPU as the copy itself, overlaps it. The copying thread reads nothing past the
 * chunk it is about to checkpoint, so a crash still costs at most one chunk read again.
 * Between slices on the same worker the digest state is kept in memory; a
 * worker that resumes someone else's copy rebuilds it from the part file, so a resume reads
 * the source only from the checkpoint on.</li>
 * <li>Resuming cuts the part file back to the checkpoint (bytes written after the last
 * committed checkpoint are not trusted); a part file shorter than the checkpoint starts over.</li>
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
    private final Durability durability;
    /** Direct buffers of finished copies, for the next: a copy neither allocates nor copies into the heap. */
    private final Queue<ByteBuffer[]> pieces = new ConcurrentLinkedQueue<>();
    /** Digest state per part file at the offset it was left at; a cache, never the truth. */
    private final Map<Path, Resumable> digests = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Resumable> eldest) {
            return size() > DIGESTS_KEPT;
        }
    };

    private record Resumable(long offset, MessageDigest digest) {
    }

    /** A copy that fsyncs ({@link Durability#SYNCED}). */
    public ChunkedCopy(int chunkSize, Executor hasher) {
        this(chunkSize, hasher, Durability.SYNCED);
    }

    /** @param hasher runs the SHA-256 of the pieces copied, in order, beside the copying thread */
    public ChunkedCopy(int chunkSize, Executor hasher, Durability durability) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
        }
        this.chunkSize = chunkSize;
        this.hasher = hasher;
        this.durability = durability;
    }

    public int chunkSize() {
        return chunkSize;
    }

    /**
     * Copies up to {@code maxChunks} chunks from {@code offset} on.
     *
     * @param offset the last committed checkpoint, 0 for a fresh copy
     */
    public SliceOutcome copySlice(Path source, Path target, SourceVersion expected, long offset, int maxChunks,
            Checkpoint checkpoint) throws IOException {
        if (offset < 0 || offset > expected.size()) {
            throw new IllegalArgumentException("offset " + offset + " outside 0.." + expected.size());
        }
        Path part = PartFile.of(target);
        Files.createDirectories(target.getParent());
        // the lock lives as long as the channel: closing it releases the lock
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            TargetBusy.lockOrThrow(out, target);
            expected.requireOf(source);
            long written = out.size();
            long start = written < offset ? 0 : offset;
            MessageDigest digest = kept(part, start);
            if (digest == null && Math.max(written, offset) > 0) {
                checkpoint.resumed(Math.max(written, offset) - start);
            }
            out.truncate(start);
            if (digest == null) {
                digest = digestOf(out, start);
            }
            long position = start;
            long read = 0;
            ByteBuffer[] ring = takePieces();
            CompletableFuture<?>[] hashing = new CompletableFuture<?>[ring.length];
            CompletableFuture<?> hashed = CompletableFuture.completedFuture(null);
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
                int slot = 0;
                for (int chunk = 0; chunk < maxChunks && position < expected.size(); chunk++) {
                    long chunkEnd = Math.min(position + chunkSize, expected.size());
                    while (position < chunkEnd) {
                        ByteBuffer piece = ring[slot];
                        if (hashing[slot] != null) {
                            awaitHash(hashing[slot]); // the hasher is done with this buffer
                        }
                        int length = readChunk(in, piece, position, chunkEnd - position);
                        if (length == 0) {
                            throw new SourceChanged("source changed during the copy: it ended at " + position
                                    + " bytes, expected " + expected.size());
                        }
                        ByteBuffer toHash = piece.duplicate();
                        MessageDigest into = digest;
                        hashed = hashed.thenRunAsync(() -> into.update(toHash), hasher);
                        hashing[slot] = hashed;
                        writeFully(out, piece, position);
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
                remember(part, position, digest);
                return new SliceOutcome.Progressed(position, read);
            }
            expected.requireOf(source);
            durability.force(out);
            forget(part);
            // renamed while still locked: no second copier can cut the part file between check and rename
            publish(part, target, expected);
            return new SliceOutcome.Completed(position, read, HexFormat.of().formatHex(digest.digest()));
        } catch (SourceChanged e) {
            discard(target);
            throw e;
        }
    }

    /** Removes what an abandoned copy left: the part file and its digest state. */
    public void discard(Path target) throws IOException {
        Path part = PartFile.of(target);
        forget(part);
        Files.deleteIfExists(part);
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
    private MessageDigest kept(Path part, long offset) {
        synchronized (digests) {
            Resumable kept = digests.remove(part);
            return kept != null && kept.offset() == offset ? kept.digest() : null;
        }
    }

    /** The digest of the part file's first {@code offset} bytes, read back from it: the source is not read again. */
    private MessageDigest digestOf(FileChannel out, long offset) throws IOException {
        MessageDigest digest = sha256();
        ByteBuffer[] ring = takePieces();
        try {
            long position = 0;
            while (position < offset) {
                int length = readChunk(out, ring[0], position, offset - position);
                if (length == 0) {
                    throw new IOException("part file ended at " + position + " bytes, checkpoint says " + offset);
                }
                digest.update(ring[0]);
                position += length;
            }
            return digest;
        } finally {
            pieces.add(ring);
        }
    }

    private void remember(Path part, long offset, MessageDigest digest) {
        synchronized (digests) {
            digests.put(part, new Resumable(offset, digest));
        }
    }

    private void forget(Path part) {
        synchronized (digests) {
            digests.remove(part);
        }
    }

    /** Reads up to {@code limit} bytes (at most one buffer) at {@code position}; 0 only at end of file. */
    private static int readChunk(FileChannel in, ByteBuffer buffer, long position, long limit) throws IOException {
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), limit));
        while (buffer.hasRemaining()) {
            int n = in.read(buffer, position + buffer.position());
            if (n < 0) {
                break;
            }
        }
        buffer.flip();
        return buffer.limit();
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += out.write(buffer, at);
        }
    }

    /** The part file becomes the target in one rename, durable once the directory is synced too. */
    private void publish(Path part, Path target, SourceVersion expected) throws IOException {
        Files.setLastModifiedTime(part, FileTime.fromMillis(expected.modifiedAt()));
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        durability.forceDirectory(target.getParent());
        if (!part.getParent().equals(target.getParent())) {
            durability.forceDirectory(part.getParent()); // a part file moved up for a deep directory (PartFile)
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
