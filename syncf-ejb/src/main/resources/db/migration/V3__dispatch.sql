-- Dispatch of tasks over the broker, at least once: when a task was last published, the lease
-- of the worker copying it, and when a retry is due.
ALTER TABLE sync_task ADD COLUMN published_at BIGINT;
ALTER TABLE sync_task ADD COLUMN lease_until BIGINT;
ALTER TABLE sync_task ADD COLUMN next_attempt_at BIGINT;

CREATE INDEX sync_task_dispatch ON sync_task (status, published_at);
