package syncf.transfer.control;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import syncf.error.InvalidInput;
import syncf.storage.control.Stores;
import syncf.task.control.Claim;
import syncf.task.control.Dispatch;
import syncf.task.control.Settlement;
import syncf.task.control.TaskLifecycle;
import syncf.task.entity.CopyCheckpoint;
import syncf.task.entity.EntryKind;
import syncf.task.entity.LeaseLost;
import syncf.task.entity.TaskStatus;
import syncf.worker.boundary.WorkerIdentity;

/**
 * One slice of one task, on this worker: take the task (or back off if another worker holds
 * it), copy up to a bounded number of chunks from its checkpoint, then complete it, or release
 * it and publish a follow-up message so that any worker carries on. A message therefore holds
 * a worker for a bounded time, a pause takes effect at the next slice, and many jobs share the
 * workers. Runs outside a transaction: every step commits on its own.
 *
 * <p>A message may carry a batch of small files instead ({@link #runBatch}): claimed in one
 * UPDATE, copied by {@link BatchCopy} (every part file synced, then renamed, each directory
 * synced once), settled in one transaction. A kill calls the batch off before its renames; a
 * pause lets it finish, as it lets a slice finish.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TaskTransfer {

    private static final System.Logger LOG = System.getLogger(TaskTransfer.class.getName());

    @Inject
    TaskLifecycle lifecycle;

    @Inject
    Dispatch dispatch;

    @Inject
    Stores stores;

    @Inject
    Transitions transitions;

    @Inject
    Copier copier;

    @Inject
    CopyActivity activity;

    @Inject
    @ConfigProperty(name = "syncf.transfer.chunks-per-slice", defaultValue = "16")
    int chunksPerSlice;

    /** Per copy stream; 0 for no limit. */
    @Inject
    @ConfigProperty(name = "syncf.transfer.max-bytes-per-second", defaultValue = "0")
    long maxBytesPerSecond;

    @Inject
    @ConfigProperty(name = "syncf.transfer.lease", defaultValue = "PT30S")
    Duration lease;


    public void run(UUID taskId) {
        String worker = WorkerIdentity.id();
        Optional<Claim> claimed = lifecycle.claim(taskId, worker, lease);
        if (claimed.isEmpty()) {
            LOG.log(DEBUG, "Task {0} is done, held by another worker, or its job is not running", taskId);
            return;
        }
        try {
            activity.copying(CopyActivity.Message.SINGLE, 1, () -> transfer(claimed.get(), worker));
        } catch (LeaseLost e) {
            // while this worker reported a failure, the task ended (killed, superseded) or passed to another worker
            LOG.log(INFO, "Task {0}: {1}", taskId, e.getMessage());
        }
    }

    /** Copies the tasks of one message: small files as one batch, anything else one by one as above. */
    public void runBatch(List<UUID> taskIds) {
        String worker = WorkerIdentity.id();
        List<Claim> claims = lifecycle.claimBatch(taskIds, worker, lease);
        if (claims.size() < taskIds.size()) {
            LOG.log(DEBUG, "{0} of {1} tasks of a batch are done, held by another worker, or their job is not running",
                    taskIds.size() - claims.size(), taskIds.size());
        }
        activity.copying(CopyActivity.Message.BATCH, claims.size(), () -> copyBatch(claims, worker));
    }

    private void copyBatch(List<Claim> claims, String worker) {
        Map<UUID, Settlement> outcomes = new LinkedHashMap<>();
        Map<UUID, List<BatchCopy.Item>> filesPerJob = new LinkedHashMap<>();
        Map<UUID, Claim> byTask = new LinkedHashMap<>();
        int withinStores = 0;
        for (Claim claim : claims) {
            byTask.put(claim.taskId(), claim);
            if (claim.kind() == EntryKind.FILE && copier.batch().fits(claim.fileSize())) {
                try {
                    TaskLocations at = TaskLocations.of(stores, claim);
                    Optional<String> copied = copyWithin(claim, at, () -> { }); // small: one CopyObject
                    if (copied.isPresent()) {
                        outcomes.put(claim.taskId(), new Settlement.Completed(copied.get()));
                        withinStores++;
                        activity.copied(claim.fileSize());
                    } else {
                        filesPerJob.computeIfAbsent(claim.jobId(), job -> new ArrayList<>())
                                .add(new BatchCopy.Item(claim.taskId(), at, versionOf(claim)));
                    }
                } catch (InvalidInput e) {
                    outcomes.put(claim.taskId(), new Settlement.Failed(e.getMessage()));
                } catch (IOException e) {
                    outcomes.put(claim.taskId(), transitions.of(claim, e));
                }
            } else if (claim.kind() == EntryKind.FILE) {
                try {
                    transfer(claim, worker); // a large file: the chunked, checkpointed path, one slice
                } catch (LeaseLost e) {
                    LOG.log(INFO, "Task {0}: {1}", claim.taskId(), e.getMessage());
                }
            } else {
                outcomes.put(claim.taskId(), entry(claim));
            }
        }
        Pace pace = new Pace(maxBytesPerSecond);
        // the tasks settled with the batch; a large file's slice ran above and settled itself
        List<UUID> settledHere = new ArrayList<>(outcomes.keySet());
        filesPerJob.values().forEach(files -> files.forEach(file -> settledHere.add(file.taskId())));
        LeaseKeeper leases = new LeaseKeeper(settledHere, worker);
        int copied = 0;
        long bytes = 0;
        for (var files : filesPerJob.entrySet()) {
            Map<UUID, BatchCopy.Outcome> results = copier.batch().copy(files.getValue(), written -> {
                leases.renewIfDue();
                pace.copied(written);
            }, () -> {
                leases.renewIfDue();
                return !lifecycle.jobKilled(files.getKey());
            });
            for (var result : results.entrySet()) {
                Claim claim = byTask.get(result.getKey());
                transitions.of(claim, result.getValue()).ifPresent(outcome -> outcomes.put(claim.taskId(), outcome));
                if (result.getValue() instanceof BatchCopy.Outcome.Copied copy) {
                    copied++;
                    bytes += claim.fileSize();
                    LOG.log(DEBUG, "Copied {0} ({1} bytes, sha256 {2})", claim.filePath(), claim.fileSize(), copy.sha256());
                }
            }
        }
        activity.copied(bytes);
        activity.completed(copied + withinStores);
        Map<UUID, TaskStatus> settled = lifecycle.settle(worker, outcomes, transitions.maxAttempts());
        transitions.counted(outcomes, settled);
        List<UUID> lost = outcomes.keySet().stream().filter(task -> !settled.containsKey(task)).toList();
        for (UUID task : lost) {
            LOG.log(INFO, "Task {0} ended while this worker copied it (killed, or superseded by a newer version)", task);
        }
        if (!outcomes.isEmpty()) {
            LOG.log(INFO, "Copied a batch of {0} files ({1} bytes) and {2} within their store; {3} of its {4} tasks not"
                    + " completed", copied, bytes, withinStores,
                    outcomes.values().stream().filter(o -> !(o instanceof Settlement.Completed)).count() + lost.size(),
                    outcomes.size());
        }
    }

    /**
     * Renews a batch's leases once a third of the lease has passed since the last renewal: a
     * live holder keeps its tasks, and only a dead one's run out (and are handed on).
     */
    private final class LeaseKeeper {

        private final List<UUID> taskIds;
        private final String worker;
        private long renewedAt = System.nanoTime();

        LeaseKeeper(List<UUID> taskIds, String worker) {
            this.taskIds = taskIds;
            this.worker = worker;
        }

        void renewIfDue() {
            if (System.nanoTime() - renewedAt >= lease.toNanos() / 3) {
                lifecycle.renew(taskIds, worker, lease);
                renewedAt = System.nanoTime();
            }
        }
    }

    private static SourceVersion versionOf(Claim claim) {
        return new SourceVersion(claim.fileSize(), claim.sourceModifiedAt(), claim.sourceTag());
    }

    /**
     * A file whose source and target are in one store that copies by itself: copied there, none
     * of its bytes through this worker; empty when the store cannot copy it so (then it travels
     * as any other). {@code going} runs between the parts of a large object's copy.
     */
    private static Optional<String> copyWithin(Claim claim, TaskLocations at, Runnable going) throws IOException {
        if (at.from() != at.to() || !at.to().capabilities().serverSideCopy()) {
            return Optional.empty();
        }
        return at.to().copyWithin(at.source(), versionOf(claim).version(), at.target(), going);
    }

    /** An empty directory or a link of a batch: made at once, settled with the batch. */
    private Settlement entry(Claim claim) {
        try {
            copyEntry(claim, TaskLocations.of(stores, claim));
            return new Settlement.Completed(null);
        } catch (InvalidInput | IOException e) {
            return transitions.of(claim, e);
        }
    }

    private void copyEntry(Claim claim, TaskLocations at) throws IOException {
        if (claim.kind() == EntryKind.DIRECTORY) {
            EntryCopy.directory(at, claim.sourceModifiedAt());
        } else {
            EntryCopy.symlink(at, claim.linkTarget());
        }
    }

    private void transfer(Claim claim, String worker) {
        TaskLocations at = null;
        try {
            at = TaskLocations.of(stores, claim);
            // a copy in parts (above 512 MiB on S3) renews the lease after each part, as a chunk does
            Optional<String> within = claim.kind() == EntryKind.FILE
                    ? copyWithin(claim, at, () -> lifecycle.renewHeld(claim.taskId(), worker, lease))
                    : Optional.empty();
            if (within.isPresent()) {
                lifecycle.complete(claim.taskId(), worker, within.get());
                activity.copied(claim.fileSize());
                activity.completed(1);
                LOG.log(INFO, "Copied {0} within its store ({1} bytes, sha256 {2})", claim.filePath(), claim.fileSize(),
                        within.get());
            } else if (claim.kind() == EntryKind.FILE) {
                copyFile(claim, worker, at);
            } else {
                copyEntry(claim, at);
                lifecycle.complete(claim.taskId(), worker, null);
            }
        } catch (LeaseLost | InvalidInput | IOException e) {
            transitions.ended(claim, worker, e, at);
        }
    }

    private void copyFile(Claim claim, String worker, TaskLocations at) throws IOException {
        UUID taskId = claim.taskId();
        Pace pace = new Pace(maxBytesPerSecond);
        CountedBytes counted = new CountedBytes(claim.copiedBytes()); // what the figures have of this file
        SliceOutcome outcome = copier.copy().copySlice(at, versionOf(claim), claim.checkpoint(), chunksPerSlice,
                new Checkpoint() {
                    @Override
                    public void reached(CopyCheckpoint at) {
                        lifecycle.checkpoint(taskId, worker, at, lease);
                        activity.copied(counted.advanceTo(at.offset()));
                        pace.copied(at.offset() - claim.copiedBytes());
                    }

                    @Override
                    public void going() {
                        lifecycle.renewHeld(taskId, worker, lease); // a long commit holds the task as a chunk does
                    }

                    @Override
                    public void resumed(long reread) {
                        LOG.log(INFO, "Resuming {0} at {1} of {2} bytes; {3} bytes read again", claim.filePath(),
                                claim.copiedBytes(), claim.fileSize(), reread);
                        lifecycle.resumed(taskId, worker, reread);
                        activity.resumed(reread);
                    }
                });
        if (outcome instanceof SliceOutcome.Completed completed) {
            lifecycle.complete(taskId, worker, completed.sha256());
            activity.copied(counted.advanceTo(claim.fileSize()));
            activity.completed(1);
            LOG.log(claim.fileSize() < copier.copy().chunkSize() ? DEBUG : INFO, "Copied {0} ({1} bytes, sha256 {2})", claim.filePath(), claim.fileSize(), completed.sha256());
        } else {
            lifecycle.release(taskId, worker);
            dispatch.publish(List.of(taskId));
        }
    }
}
