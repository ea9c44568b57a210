package syncf.transfer.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import syncf.storage.control.PartFile;

/**
 * Copies one file in chunks, one bounded slice at a time, so that a copy can stop after any
 * chunk and resume from its checkpoint on any worker.
 *
 * <ul>
 * <li>Bytes go to a part file beside the target ({@link PartFile}, {@code .NAME.syncf-part}),
 * named after the target so that whichever worker resumes finds it; the target appears only when the part
 * file is whole: fsynced, checked against the source version, then atomically renamed over
 * it, with the source's modification time. An existing target survives a failed copy.</li>
 * <li>SHA-256 is computed in the same pass as the copy (the JDK's digest uses the CPU's SHA
 * instructions). Between slices on the same worker the digest state is kept in memory; a
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

    private final int chunkSize;
    /** Digest state per part file at the offset it was left at; a cache, never the truth. */
    private final Map<Path, Resumable> digests = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Resumable> eldest) {
            return size() > DIGESTS_KEPT;
        }
    };

    private record Resumable(long offset, MessageDigest digest) {
    }

    public ChunkedCopy(int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
        }
        this.chunkSize = chunkSize;
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
            lock(out, target);
            requireVersion(source, expected);
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
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
                ByteBuffer buffer = ByteBuffer.allocate(chunkSize);
                for (int chunk = 0; chunk < maxChunks && position < expected.size(); chunk++) {
                    int length = readChunk(in, buffer, position, expected.size() - position);
                    if (length == 0) {
                        throw new SourceChanged("source changed during the copy: it ended at " + position + " bytes, expected "
                                + expected.size());
                    }
                    digest.update(buffer.array(), 0, length);
                    writeFully(out, buffer, position);
                    position += length;
                    read += length;
                    checkpoint.reached(position);
                }
            }
            if (position < expected.size()) {
                remember(part, position, digest);
                return new SliceOutcome.Progressed(position, read);
            }
            requireVersion(source, expected);
            out.force(true);
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

    private static void lock(FileChannel out, Path target) throws IOException {
        try {
            FileLock lock = out.tryLock();
            if (lock == null) {
                throw new TargetBusy("another process is copying to " + target.getFileName());
            }
        } catch (OverlappingFileLockException e) {
            throw new TargetBusy("another copy in this process is writing " + target.getFileName());
        }
    }

    private static void requireVersion(Path source, SourceVersion expected) throws IOException {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new SourceChanged("source was deleted");
        }
        if (!now.isRegularFile()) {
            throw new SourceChanged("source is no longer a regular file");
        }
        if (now.size() != expected.size() || now.lastModifiedTime().toMillis() != expected.modifiedAt()) {
            throw new SourceChanged("source changed during the copy: size " + expected.size() + " -> " + now.size()
                    + ", modified " + expected.modifiedAt() + " -> " + now.lastModifiedTime().toMillis());
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
        ByteBuffer buffer = ByteBuffer.allocate(chunkSize);
        long position = 0;
        while (position < offset) {
            int length = readChunk(out, buffer, position, offset - position);
            if (length == 0) {
                throw new IOException("part file ended at " + position + " bytes, checkpoint says " + offset);
            }
            digest.update(buffer.array(), 0, length);
            position += length;
        }
        return digest;
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

    /** Reads up to {@code limit} bytes (at most one chunk) at {@code position}; 0 only at end of file. */
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
    private static void publish(Path part, Path target, SourceVersion expected) throws IOException {
        Files.setLastModifiedTime(part, FileTime.fromMillis(expected.modifiedAt()));
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
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
