-- Per-job tallies of the tasks' states and bytes (docs/adr/0017): tracking reads one row of a
-- job instead of aggregating every task of it. Kept by triggers on sync_task, so every statement
-- that inserts a task, changes its state or its bytes, or deletes it, moves the tally in the
-- same transaction: there is no second place in the code that could forget to. SQLite runs one
-- writer at a time, so one row per job (slot 0) has no contention to spread; the PostgreSQL
-- version of this migration spreads a job's tally over slots (db/vendor/postgresql).
CREATE TABLE job_tally (
    job_id       VARCHAR(36) NOT NULL,
    slot         INTEGER     NOT NULL,
    pending      BIGINT      NOT NULL DEFAULT 0,
    in_progress  BIGINT      NOT NULL DEFAULT 0,
    completed    BIGINT      NOT NULL DEFAULT 0,
    failed       BIGINT      NOT NULL DEFAULT 0,
    retrying     BIGINT      NOT NULL DEFAULT 0,
    skipped      BIGINT      NOT NULL DEFAULT 0,
    -- bytes of the tasks not skipped: what the job has to copy, and what is copied of it
    total_bytes  BIGINT      NOT NULL DEFAULT 0,
    copied_bytes BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (job_id, slot)
);

INSERT INTO job_tally (job_id, slot, pending, in_progress, completed, failed, retrying, skipped, total_bytes, copied_bytes)
SELECT job_id, 0,
       SUM(CASE WHEN status = 'PENDING' THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = 'IN_PROGRESS' THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = 'COMPLETED' THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = 'FAILED' THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = 'RETRYING' THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = 'SKIPPED' THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = 'SKIPPED' THEN 0 ELSE file_size END),
       SUM(CASE WHEN status = 'SKIPPED' THEN 0 ELSE copied_bytes END)
FROM sync_task GROUP BY job_id;

CREATE TRIGGER job_tally_task_inserted AFTER INSERT ON sync_task
BEGIN
    INSERT INTO job_tally (job_id, slot, pending, in_progress, completed, failed, retrying, skipped, total_bytes, copied_bytes)
    VALUES (NEW.job_id, 0, NEW.status = 'PENDING', NEW.status = 'IN_PROGRESS', NEW.status = 'COMPLETED',
            NEW.status = 'FAILED', NEW.status = 'RETRYING', NEW.status = 'SKIPPED',
            CASE WHEN NEW.status = 'SKIPPED' THEN 0 ELSE NEW.file_size END,
            CASE WHEN NEW.status = 'SKIPPED' THEN 0 ELSE NEW.copied_bytes END)
    ON CONFLICT (job_id, slot) DO UPDATE SET
        pending = pending + excluded.pending, in_progress = in_progress + excluded.in_progress,
        completed = completed + excluded.completed, failed = failed + excluded.failed,
        retrying = retrying + excluded.retrying, skipped = skipped + excluded.skipped,
        total_bytes = total_bytes + excluded.total_bytes, copied_bytes = copied_bytes + excluded.copied_bytes;
END;

-- the old row's share leaves its job's tally and the new row's joins its job's (the same job:
-- no statement moves a task between jobs, but the tally would follow one that did)
CREATE TRIGGER job_tally_task_updated AFTER UPDATE OF job_id, status, file_size, copied_bytes ON sync_task
WHEN OLD.job_id IS NOT NEW.job_id OR OLD.status IS NOT NEW.status OR OLD.file_size IS NOT NEW.file_size
     OR OLD.copied_bytes IS NOT NEW.copied_bytes
BEGIN
    INSERT INTO job_tally (job_id, slot, pending, in_progress, completed, failed, retrying, skipped, total_bytes, copied_bytes)
    VALUES (OLD.job_id, 0, -(OLD.status = 'PENDING'), -(OLD.status = 'IN_PROGRESS'), -(OLD.status = 'COMPLETED'),
            -(OLD.status = 'FAILED'), -(OLD.status = 'RETRYING'), -(OLD.status = 'SKIPPED'),
            CASE WHEN OLD.status = 'SKIPPED' THEN 0 ELSE -OLD.file_size END,
            CASE WHEN OLD.status = 'SKIPPED' THEN 0 ELSE -OLD.copied_bytes END)
    ON CONFLICT (job_id, slot) DO UPDATE SET
        pending = pending + excluded.pending, in_progress = in_progress + excluded.in_progress,
        completed = completed + excluded.completed, failed = failed + excluded.failed,
        retrying = retrying + excluded.retrying, skipped = skipped + excluded.skipped,
        total_bytes = total_bytes + excluded.total_bytes, copied_bytes = copied_bytes + excluded.copied_bytes;
    INSERT INTO job_tally (job_id, slot, pending, in_progress, completed, failed, retrying, skipped, total_bytes, copied_bytes)
    VALUES (NEW.job_id, 0, NEW.status = 'PENDING', NEW.status = 'IN_PROGRESS', NEW.status = 'COMPLETED',
            NEW.status = 'FAILED', NEW.status = 'RETRYING', NEW.status = 'SKIPPED',
            CASE WHEN NEW.status = 'SKIPPED' THEN 0 ELSE NEW.file_size END,
            CASE WHEN NEW.status = 'SKIPPED' THEN 0 ELSE NEW.copied_bytes END)
    ON CONFLICT (job_id, slot) DO UPDATE SET
        pending = pending + excluded.pending, in_progress = in_progress + excluded.in_progress,
        completed = completed + excluded.completed, failed = failed + excluded.failed,
        retrying = retrying + excluded.retrying, skipped = skipped + excluded.skipped,
        total_bytes = total_bytes + excluded.total_bytes, copied_bytes = copied_bytes + excluded.copied_bytes;
END;

CREATE TRIGGER job_tally_task_deleted AFTER DELETE ON sync_task
BEGIN
    INSERT INTO job_tally (job_id, slot, pending, in_progress, completed, failed, retrying, skipped, total_bytes, copied_bytes)
    VALUES (OLD.job_id, 0, -(OLD.status = 'PENDING'), -(OLD.status = 'IN_PROGRESS'), -(OLD.status = 'COMPLETED'),
            -(OLD.status = 'FAILED'), -(OLD.status = 'RETRYING'), -(OLD.status = 'SKIPPED'),
            CASE WHEN OLD.status = 'SKIPPED' THEN 0 ELSE -OLD.file_size END,
            CASE WHEN OLD.status = 'SKIPPED' THEN 0 ELSE -OLD.copied_bytes END)
    ON CONFLICT (job_id, slot) DO UPDATE SET
        pending = pending + excluded.pending, in_progress = in_progress + excluded.in_progress,
        completed = completed + excluded.completed, failed = failed + excluded.failed,
        retrying = retrying + excluded.retrying, skipped = skipped + excluded.skipped,
        total_bytes = total_bytes + excluded.total_bytes, copied_bytes = copied_bytes + excluded.copied_bytes;
END;

-- A page of one state (tracking's ?status=) in its order straight from an index, instead of
-- walking every task of the job in order to find the few of that state (at 100,000 tasks, 60 ms
-- of CPU for a state no task is in). Serves the lookups by job and state the old index served.
DROP INDEX sync_task_job_status;
-- No whole path in it (V6: PostgreSQL refuses an index row past 2704 bytes, and a path may have
-- 4095): the index gives job, state and time; ties on the path are sorted by the database.
CREATE INDEX sync_task_job_status_order ON sync_task (job_id, status, created_at);
