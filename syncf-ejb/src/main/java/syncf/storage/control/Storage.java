package syncf.storage.control;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The storage SPI: everything the scan, the job checks and the workers do to files goes
 * through it, so that they need not know which backend holds them (ADR 0018). Two backends,
 * {@code local} ({@link LocalStorage}) and {@code s3} ({@link syncf.storage.s3.S3Storage}),
 * one per side of a job ({@link Stores}); the shape is what both need:
 * locations resolved and confined once, a streamed listing, stat with a version, ranged reads
 * that fail once the version changed, a staged write whose commit is the one atomic publish,
 * and capabilities for what not every store can keep (links, empty directories, mtime).
 *
 * <p>Paths are relative to the storage's root; a path that would leave it is refused with
 * {@link PathRejected}, naming {@code field}, the API field the path came from.
 */
public interface Storage {

    /** The job's {@code source_type}/{@code sink_type} name: {@code "local"}. */
    String type();

    Capabilities capabilities();

    /** Resolves and confines a path; a link as its last segment is followed (a file or directory to use). */
    Location locate(String field, String path);

    /** As {@link #locate}, but a link as the last segment is the location itself, to read or replace as a link. */
    Location locateEntry(String field, String path);

    /** The location one level up (the directory, the prefix); null above the root. */
    Location parent(Location at);

    /** Whether {@code inner} is {@code outer} or under it. */
    boolean within(Location inner, Location outer);

    /** What is at the location, a link not followed; empty when nothing is. */
    Optional<Entry> stat(Location at) throws IOException;

    /** The entries of a directory, streamed ({@link Listing}). */
    Listing list(Location directory) throws IOException;

    /**
     * Opens a file for ranged reads of {@code expected} only.
     *
     * @throws SourceChanged when it is already another version, or gone
     */
    VersionedRead open(Location file, Version expected) throws IOException;

    /**
     * Starts, or takes up again, the staged write of {@code target} (its parents are made).
     *
     * @param size       the size the target will have: an S3 store picks a single PUT or a
     *                   multipart upload, and the part size, from it
     * @param modifiedAt the modification time the target is to keep (epoch ms), as the source's
     *                   {@link VersionedRead#modifiedAt()} says
     * @param resume     what {@link StagedWrite#resumeState()} said at the checkpoint this write
     *                   goes on from, or null (a fresh copy, or a store whose target alone leads
     *                   to what was staged)
     * @throws TargetBusy when another copier, here or in another process, holds it
     */
    StagedWrite stage(Location target, long size, long modifiedAt, String resume) throws IOException;

    /**
     * Copies {@code source}, of version {@code expected}, to {@code target} in this same storage
     * without its bytes passing here ({@link Capabilities#serverSideCopy()}), published whole in
     * one step with the source's modification time.
     *
     * @param going    called between the steps of a long copy (the parts of a large object), so
     *                 that the caller shows it is still at work: a worker renews its lease
     * @return the copy's SHA-256 (hex), as the storage knows the source's; empty when it cannot
     *         copy this object so (it does not know the source's SHA-256): the caller then copies
     *         it through a staged write
     * @throws SourceChanged when the source is no longer that version
     */
    default Optional<String> copyWithin(Location source, Version expected, Location target, Runnable going)
            throws IOException {
        return Optional.empty();
    }

    /**
     * Removes a staged write of {@code target} that no one holds (a killed job's, a failed task's).
     *
     * @return whether something was removed
     */
    boolean abandon(Location target) throws IOException;

    /**
     * Removes staged writes that copies left behind and no copy goes on with: those started
     * before {@code startedBefore} whose id (as their resume state names it) {@code inUse} does not
     * claim. Locally nothing: a part file is found from its target and removed with its task. On
     * S3, the multipart uploads under the configured roots, which a dead worker's or a lost
     * task's copy can leave, and which the store keeps (and bills) until they are aborted.
     *
     * @return how many were removed
     */
    default int sweepStages(Instant startedBefore, Predicate<String> inUse) throws IOException {
        return 0;
    }

    /**
     * Makes durable what {@link StagedWrite#commit} published (locally: each directory that got a
     * file is fsynced once, as {@link Durability} says).
     *
     * @return the commits that are not durable, with why; they count as not done
     */
    Map<StagedWrite, IOException> settle(Collection<StagedWrite> committed);

    /** Creates the directory and its parents, with this modification time (where {@link Capabilities#modificationTimes()}). */
    void makeDirectory(Location directory, long modifiedAt) throws IOException;

    /** The target of the link at {@code link}, as text; an empty result when it is not a link. */
    Optional<String> readLink(Location link) throws IOException;

    /** Publishes a link to {@code linkTarget} at {@code at} in one atomic step, replacing what was there whole. */
    void link(Location at, String linkTarget) throws IOException;

    /** @return whether something was deleted */
    boolean delete(Location at) throws IOException;

    /**
     * What a user reads when the storage refused something: the reason and the side it hit
     * ({@code "cannot write the sink: no space left on device"}), never a class name, a credential
     * or anything outside the storage's root.
     *
     * @param source the job's source location, or null
     * @param sink   the job's sink location, or null
     */
    String describe(IOException e, Location source, Location sink);
}
