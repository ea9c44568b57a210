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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import syncf.error.InvalidInput;
import syncf.storage.control.BaseDirectory;
import syncf.task.control.Claim;
import syncf.task.control.Dispatch;
import syncf.task.control.TaskLifecycle;
import syncf.task.entity.LeaseLost;
import syncf.task.entity.TaskStatus;
import syncf.worker.boundary.WorkerIdentity;

/**
 * One slice of one task, on this worker: take the task (or back off if another worker holds
 * it), copy up to a bounded number of chunks from its checkpoint, then complete it, or release
 * it and publish a follow-up message so that any worker carries on. A message therefore holds
 * a worker for a bounded time, a pause takes effect at the next slice, and many jobs share the
 * workers. Runs outside a transaction: every step commits on its own.
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
            TaskStatus next = lifecycle.attemptFailed(taskId, worker, e.toString(), maxAttempts,
                    retryBackoff.multipliedBy(1L << Math.min(claim.attempts() - 1, 10)));
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
            LOG.log(INFO, "Copied {0} ({1} bytes, sha256 {2})", claim.filePath(), claim.fileSize(), completed.sha256());
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
