package syncf.transfer.control;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import syncf.error.InvalidInput;
import syncf.storage.control.Location;
import syncf.storage.control.IoErrorMessage;
import syncf.storage.control.SourceChanged;
import syncf.storage.control.StorageFailure;
import syncf.storage.control.Storage;
import syncf.storage.control.Stores;
import syncf.storage.control.TargetBusy;
import syncf.storage.entity.StorageType;
import syncf.task.control.Claim;
import syncf.task.control.Settlement;
import syncf.task.control.TaskLifecycle;
import syncf.task.entity.LeaseLost;
import syncf.task.entity.TaskStatus;

/**
 * What an attempt's outcome means for its task: completed, failed for good (a changed source,
 * a path not allowed), released to back off (another copier holds the target), or an attempt
 * failed, retried after a backoff that doubles, up to {@code syncf.transfer.max-attempts}; and
 * what the user reads in {@code last_error}.
 */
@ApplicationScoped
public class Transitions {

    private static final System.Logger LOG = System.getLogger(Transitions.class.getName());

    @Inject
    TaskLifecycle lifecycle;

    @Inject
    Stores stores;

    @Inject
    Copier copier;

    @Inject
    CopyActivity activity;

    @Inject
    @ConfigProperty(name = "syncf.transfer.max-attempts", defaultValue = "5")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "syncf.transfer.retry-backoff", defaultValue = "PT2S")
    Duration retryBackoff;

    int maxAttempts() {
        return maxAttempts;
    }

    /** What a file's outcome in a batch means for its task; empty when the batch was called off (the kill ended it). */
    Optional<Settlement> of(Claim claim, BatchCopy.Outcome outcome) {
        if (outcome instanceof BatchCopy.Outcome.Copied copy) {
            return Optional.of(new Settlement.Completed(copy.sha256()));
        } else if (outcome instanceof BatchCopy.Outcome.Changed changed) {
            return Optional.of(changed(changed.reason()));
        } else if (outcome instanceof BatchCopy.Outcome.Busy busy) {
            LOG.log(INFO, "Task {0}: {1}; backing off", claim.taskId(), busy.reason());
            return Optional.of(new Settlement.Released());
        } else if (outcome instanceof BatchCopy.Outcome.Failed failed) {
            return Optional.of(attemptFailed(claim, failed.error()));
        }
        return Optional.empty();
    }

    /** An entry's attempt in a batch that threw: how its task settles. */
    Settlement of(Claim claim, Exception e) {
        if (e instanceof SourceChanged) {
            return changed(e.getMessage());
        } else if (e instanceof IOException io) {
            return attemptFailed(claim, io);
        }
        return new Settlement.Failed(e.getMessage());
    }

    /** The source is another version now: the next scan sees it (or the deletion) and takes a task for it. */
    private static Settlement changed(String reason) {
        return new Settlement.Changed(reason + "; the next scan copies the current version");
    }

    /**
     * Counts what a batch's settlement made of its tasks: each failed attempt retried, each task
     * failed with its reason; a task the worker no longer held is not in {@code settled} and
     * counts nothing here.
     */
    void counted(Map<UUID, Settlement> outcomes, Map<UUID, TaskStatus> settled) {
        settled.forEach((task, status) -> {
            Settlement outcome = outcomes.get(task);
            if (status == TaskStatus.RETRYING) {
                activity.retried();
            } else if (status == TaskStatus.FAILED) {
                activity.failed(FailureReason.of(outcome));
            }
        });
    }

    private Settlement attemptFailed(Claim claim, IOException e) {
        LOG.log(WARNING, "Task {0} attempt {1} failed: {2}", claim.taskId(), claim.attempts(), e.toString());
        return new Settlement.AttemptFailed(errorOf(claim, e), backoff(claim));
    }

    /**
     * Records how a single task's attempt ended when it threw.
     *
     * @param at where it read and wrote, or null when it failed before
     */
    void ended(Claim claim, String worker, Exception e, TaskLocations at) {
        UUID taskId = claim.taskId();
        if (e instanceof LeaseLost) {
            LOG.log(INFO, "Task {0}: {1}", taskId, e.getMessage());
            if (lifecycle.jobKilled(claim.jobId())) {
                discard(at);
            }
        } else if (e instanceof TargetBusy) {
            LOG.log(INFO, "Task {0}: {1}; backing off", taskId, e.getMessage());
            lifecycle.release(taskId, worker);
        } else if (e instanceof SourceChanged) {
            lifecycle.fail(taskId, worker, e.getMessage() + "; the next scan copies the current version");
            activity.failed(FailureReason.SOURCE_CHANGED);
        } else if (e instanceof IOException io) {
            LOG.log(WARNING, "Task {0} attempt {1} failed: {2}", taskId, claim.attempts(), e.toString());
            TaskStatus next = lifecycle.attemptFailed(taskId, worker, errorOf(claim, io), maxAttempts, backoff(claim));
            if (next == TaskStatus.FAILED) {
                activity.failed(FailureReason.IO_ERROR);
                discard(at); // no attempt is left to resume from it
            } else {
                activity.retried();
            }
        } else {
            lifecycle.fail(taskId, worker, e.getMessage()); // InvalidInput: a path not allowed
            activity.failed(FailureReason.NOT_ALLOWED);
        }
    }

    /**
     * What the user reads in {@code last_error}: the reason and the side, no class name, no
     * absolute path. A job between two storages has its error told by the one that is a
     * filesystem, if either is: the other's errors come already told ({@link StorageFailure}).
     */
    private String errorOf(Claim claim, IOException e) {
        Storage from = storageOrNull(claim.sourceType());
        Storage to = storageOrNull(claim.sinkType());
        Storage teller = from != null && (to == null || from.type().equals(StorageType.LOCAL.apiName())) ? from : to;
        if (teller == null) {
            return IoErrorMessage.of(e, null, null);
        }
        return teller.describe(e, teller == from ? rootOrNull(from, TaskLocations.SOURCE, claim.sourcePath()) : null,
                teller == to ? rootOrNull(to, TaskLocations.SINK, claim.sinkPath()) : null);
    }

    private Storage storageOrNull(StorageType type) {
        try {
            return stores.of(type);
        } catch (InvalidInput e) {
            return null;
        }
    }

    private static Location rootOrNull(Storage storage, String field, String path) {
        try {
            return storage.locate(field, path);
        } catch (InvalidInput e) {
            return null;
        }
    }

    private Duration backoff(Claim claim) {
        return retryBackoff.multipliedBy(1L << Math.min(Math.max(claim.attempts() - 1, 0), 10));
    }

    private void discard(TaskLocations at) {
        if (at == null) {
            return;
        }
        try {
            copier.copy().discard(at.to(), at.target());
        } catch (IOException e) {
            LOG.log(WARNING, "Could not remove the staged write of {0}: {1}", at.target().relative(), e.toString());
        }
    }
}
