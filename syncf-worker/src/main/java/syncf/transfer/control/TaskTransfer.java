package syncf.transfer.control;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import syncf.error.InvalidInput;
import syncf.storage.control.BaseDirectory;
import syncf.storage.control.IoErrorMessage;
import syncf.task.control.Claim;
import syncf.task.control.Dispatch;
import syncf.task.control.Settlement;
import syncf.task.control.TaskLifecycle;
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
    BaseDirectory base;

    @Inject
    Copier copier;

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

    @Inject
    @ConfigProperty(name = "syncf.transfer.max-attempts", defaultValue = "5")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "syncf.transfer.retry-backoff", defaultValue = "PT2S")
    Duration retryBackoff;

    public void run(UUID taskId) {
        String worker = WorkerIdentity.id();
        Optional<Claim> claimed = lifecycle.claim(taskId, worker, lease);
        if (claimed.isEmpty()) {
            LOG.log(DEBUG, "Task {0} is done, held by another worker, or its job is not running", taskId);
            return;
        }
        try {
            transfer(claimed.get(), worker);
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
        Map<UUID, Settlement> outcomes = new LinkedHashMap<>();
        Map<UUID, List<BatchCopy.Item>> filesPerJob = new LinkedHashMap<>();
        Map<UUID, Claim> byTask = new LinkedHashMap<>();
        for (Claim claim : claims) {
            byTask.put(claim.taskId(), claim);
            if (claim.kind() == EntryKind.FILE && copier.batch().fits(claim.fileSize())) {
                try {
                    filesPerJob.computeIfAbsent(claim.jobId(), job -> new ArrayList<>()).add(itemOf(claim));
                } catch (InvalidInput e) {
                    outcomes.put(claim.taskId(), new Settlement.Failed(e.getMessage()));
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
                settlement(claim, result.getValue()).ifPresent(outcome -> outcomes.put(claim.taskId(), outcome));
                if (result.getValue() instanceof BatchCopy.Outcome.Copied copy) {
                    copied++;
                    bytes += claim.fileSize();
                    LOG.log(DEBUG, "Copied {0} ({1} bytes, sha256 {2})", claim.filePath(), claim.fileSize(), copy.sha256());
                }
            }
        }
        List<UUID> lost = lifecycle.settle(worker, outcomes, maxAttempts);
        for (UUID task : lost) {
            LOG.log(INFO, "Task {0} ended while this worker copied it (killed, or superseded by a newer version)", task);
        }
        if (!outcomes.isEmpty()) {
            LOG.log(INFO, "Copied a batch of {0} files ({1} bytes); {2} of its {3} tasks not completed", copied, bytes,
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

    private BatchCopy.Item itemOf(Claim claim) {
        Path sourceRoot = base.confine("source_path", claim.sourcePath()).location();
        Path source = Files.isRegularFile(sourceRoot) ? sourceRoot
                : base.confine("source_path", claim.sourcePath() + "/" + claim.filePath()).location();
        Path target = base.confine("sink_path", claim.sinkPath() + "/" + claim.filePath()).location();
        return new BatchCopy.Item(claim.taskId(), source, target,
                new SourceVersion(claim.fileSize(), claim.sourceModifiedAt()));
    }

    /** What a file's outcome in a batch means for its task; empty when the batch was called off (the kill ended it). */
    private Optional<Settlement> settlement(Claim claim, BatchCopy.Outcome outcome) {
        if (outcome instanceof BatchCopy.Outcome.Copied copy) {
            return Optional.of(new Settlement.Completed(copy.sha256()));
        } else if (outcome instanceof BatchCopy.Outcome.Changed changed) {
            return Optional.of(new Settlement.Failed(changed.reason() + "; the next scan copies the current version"));
        } else if (outcome instanceof BatchCopy.Outcome.Busy busy) {
            LOG.log(INFO, "Task {0}: {1}; backing off", claim.taskId(), busy.reason());
            return Optional.of(new Settlement.Released());
        } else if (outcome instanceof BatchCopy.Outcome.Failed failed) {
            LOG.log(WARNING, "Task {0} attempt {1} failed: {2}", claim.taskId(), claim.attempts(), failed.error().toString());
            return Optional.of(new Settlement.AttemptFailed(errorOf(claim, failed.error()), backoff(claim)));
        }
        return Optional.empty();
    }

    /** An empty directory or a link of a batch: made at once, settled with the batch. */
    private Settlement entry(Claim claim) {
        String sink = claim.sinkPath() + "/" + claim.filePath();
        try {
            if (claim.kind() == EntryKind.DIRECTORY) {
                EntryCopy.directory(base.confineEntry("source_path", claim.sourcePath() + "/" + claim.filePath())
                        .location(), base.confine("sink_path", sink).location(), claim.sourceModifiedAt());
            } else {
                EntryCopy.symlink(base.confineEntry("source_path", claim.sourcePath() + "/" + claim.filePath())
                        .location(), base.confineEntry("sink_path", sink).location(), claim.linkTarget());
            }
            return new Settlement.Completed(null);
        } catch (SourceChanged e) {
            return new Settlement.Failed(e.getMessage() + "; the next scan copies the current version");
        } catch (InvalidInput e) {
            return new Settlement.Failed(e.getMessage());
        } catch (IOException e) {
            LOG.log(WARNING, "Task {0} attempt {1} failed: {2}", claim.taskId(), claim.attempts(), e.toString());
            return new Settlement.AttemptFailed(errorOf(claim, e), backoff(claim));
        }
    }

    /** What the user reads in {@code last_error}: the reason and the side, no class name, no absolute path. */
    private String errorOf(Claim claim, IOException e) {
        return IoErrorMessage.of(e, locationOrNull("source_path", claim.sourcePath()),
                locationOrNull("sink_path", claim.sinkPath()));
    }

    private Path locationOrNull(String field, String path) {
        try {
            return base.confine(field, path).location();
        } catch (InvalidInput e) {
            return null;
        }
    }

    private Duration backoff(Claim claim) {
        return retryBackoff.multipliedBy(1L << Math.min(Math.max(claim.attempts() - 1, 0), 10));
    }

    private void transfer(Claim claim, String worker) {
        UUID taskId = claim.taskId();
        Path target = null;
        try {
            Path sourceRoot = base.confine("source_path", claim.sourcePath()).location();
            String sink = claim.sinkPath() + "/" + claim.filePath();
            switch (claim.kind()) {
                case FILE -> {
                    Path source = Files.isRegularFile(sourceRoot) ? sourceRoot
                            : base.confine("source_path", claim.sourcePath() + "/" + claim.filePath()).location();
                    target = base.confine("sink_path", sink).location();
                    copyFile(claim, worker, source, target);
                }
                case DIRECTORY -> {
                    EntryCopy.directory(base.confineEntry("source_path", claim.sourcePath() + "/" + claim.filePath())
                            .location(), base.confine("sink_path", sink).location(), claim.sourceModifiedAt());
                    lifecycle.complete(taskId, worker, null);
                }
                case SYMLINK -> {
                    target = base.confineEntry("sink_path", sink).location();
                    EntryCopy.symlink(base.confineEntry("source_path", claim.sourcePath() + "/" + claim.filePath())
                            .location(), target, claim.linkTarget());
                    lifecycle.complete(taskId, worker, null);
                }
            }
        } catch (LeaseLost e) {
            LOG.log(INFO, "Task {0}: {1}", taskId, e.getMessage());
            discardIfKilled(claim, target);
        } catch (TargetBusy e) {
            LOG.log(INFO, "Task {0}: {1}; backing off", taskId, e.getMessage());
            lifecycle.release(taskId, worker);
        } catch (SourceChanged e) {
            // the next scan sees the new version (or the deletion) and takes a task for it
            lifecycle.fail(taskId, worker, e.getMessage() + "; the next scan copies the current version");
        } catch (InvalidInput e) {
            lifecycle.fail(taskId, worker, e.getMessage());
        } catch (IOException e) {
            LOG.log(WARNING, "Task {0} attempt {1} failed: {2}", taskId, claim.attempts(), e.toString());
            TaskStatus next = lifecycle.attemptFailed(taskId, worker, errorOf(claim, e), maxAttempts, backoff(claim));
            if (next == TaskStatus.FAILED) {
                discard(target); // no attempt is left to resume from it
            }
        }
    }

    private void copyFile(Claim claim, String worker, Path source, Path target) throws IOException {
        UUID taskId = claim.taskId();
        Pace pace = new Pace(maxBytesPerSecond);
        SliceOutcome outcome = copier.copy().copySlice(source, target,
                new SourceVersion(claim.fileSize(), claim.sourceModifiedAt()), claim.copiedBytes(), chunksPerSlice,
                new Checkpoint() {
                    @Override
                    public void reached(long offset) {
                        lifecycle.checkpoint(taskId, worker, offset, lease);
                        pace.copied(offset - claim.copiedBytes());
                    }

                    @Override
                    public void resumed(long reread) {
                        LOG.log(INFO, "Resuming {0} at {1} of {2} bytes; {3} bytes read again", claim.filePath(),
                                claim.copiedBytes(), claim.fileSize(), reread);
                        lifecycle.resumed(taskId, worker, reread);
                    }
                });
        if (outcome instanceof SliceOutcome.Completed completed) {
            lifecycle.complete(taskId, worker, completed.sha256());
            LOG.log(claim.fileSize() < copier.copy().chunkSize() ? DEBUG : INFO, "Copied {0} ({1} bytes, sha256 {2})", claim.filePath(), claim.fileSize(), completed.sha256());
        } else {
            lifecycle.release(taskId, worker);
            dispatch.publish(List.of(taskId));
        }
    }

    private void discardIfKilled(Claim claim, Path target) {
        if (lifecycle.jobKilled(claim.jobId())) {
            discard(target);
        }
    }

    private void discard(Path target) {
        if (target == null) {
            return;
        }
        try {
            copier.copy().discard(target);
        } catch (IOException e) {
            LOG.log(WARNING, "Could not remove the part file of {0}: {1}", target, e.toString());
        }
    }
}
