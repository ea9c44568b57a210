-- Per-job tallies of the tasks' states and bytes (docs/adr/0017): tracking reads a few rows of
-- a job instead of aggregating every task of it. Kept by triggers on sync_task, so every
-- statement that inserts a task, changes its state or its bytes, or deletes it, moves the tally
-- in the same transaction: there is no second place in the code that could forget to.
-- Many workers settle and checkpoint at once here: one row per job would be a lock every one of
-- them queues for until its transaction commits. So a job's tally is spread over 64 slots, and
-- a transaction adds into the slot of its own connection (its backend pid): concurrent
-- transactions touch different rows, and a reader sums the job's slots (at most 64 rows).
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

-- adds one task row's share (sign 1) to its job's tally, or takes it away (sign -1)
CREATE FUNCTION job_tally_add(p_job VARCHAR, p_sign INTEGER, p_status VARCHAR, p_size BIGINT, p_copied BIGINT) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO job_tally AS t (job_id, slot, pending, in_progress, completed, failed, retrying, skipped, total_bytes,
                                copied_bytes)
    VALUES (p_job, pg_backend_pid() % 64,
            p_sign * (p_status = 'PENDING')::int, p_sign * (p_status = 'IN_PROGRESS')::int,
            p_sign * (p_status = 'COMPLETED')::int, p_sign * (p_status = 'FAILED')::int,
            p_sign * (p_status = 'RETRYING')::int, p_sign * (p_status = 'SKIPPED')::int,
            CASE WHEN p_status = 'SKIPPED' THEN 0 ELSE p_sign * p_size END,
            CASE WHEN p_status = 'SKIPPED' THEN 0 ELSE p_sign * p_copied END)
    ON CONFLICT (job_id, slot) DO UPDATE SET
        pending = t.pending + EXCLUDED.pending, in_progress = t.in_progress + EXCLUDED.in_progress,
        completed = t.completed + EXCLUDED.completed, failed = t.failed + EXCLUDED.failed,
        retrying = t.retrying + EXCLUDED.retrying, skipped = t.skipped + EXCLUDED.skipped,
        total_bytes = t.total_bytes + EXCLUDED.total_bytes, copied_bytes = t.copied_bytes + EXCLUDED.copied_bytes;
END
$$;

-- the old row's share leaves its job's tally and the new row's joins its job's (the same job:
-- no statement moves a task between jobs, but the tally would follow one that did)
CREATE FUNCTION job_tally_task_changed() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM job_tally_add(OLD.job_id, -1, OLD.status, OLD.file_size, OLD.copied_bytes);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM job_tally_add(NEW.job_id, 1, NEW.status, NEW.file_size, NEW.copied_bytes);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER job_tally_task_inserted_or_deleted AFTER INSERT OR DELETE ON sync_task
FOR EACH ROW EXECUTE FUNCTION job_tally_task_changed();

CREATE TRIGGER job_tally_task_updated AFTER UPDATE OF job_id, status, file_size, copied_bytes ON sync_task
FOR EACH ROW WHEN (OLD.job_id IS DISTINCT FROM NEW.job_id OR OLD.status IS DISTINCT FROM NEW.status
                   OR OLD.file_size IS DISTINCT FROM NEW.file_size OR OLD.copied_bytes IS DISTINCT FROM NEW.copied_bytes)
EXECUTE FUNCTION job_tally_task_changed();

-- A page of one state (tracking's ?status=) in its order straight from an index, instead of
-- walking every task of the job in order to find the few of that state (at 100,000 tasks, 60 ms
-- of CPU for a state no task is in). Serves the lookups by job and state the old index served.
DROP INDEX sync_task_job_status;
-- No whole path in it (V6: PostgreSQL refuses an index row past 2704 bytes, and a path may have
-- 4095): the index gives job, state and time; ties on the path are sorted by the database.
CREATE INDEX sync_task_job_status_order ON sync_task (job_id, status, created_at);
