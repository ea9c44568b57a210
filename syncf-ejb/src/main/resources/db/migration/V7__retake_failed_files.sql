-- A file whose task failed (an I/O error outlasted its retries: a full disk, an unreadable file)
-- is taken again by a later scan, with a backoff that doubles per failure (RetakeRule): how many
-- tasks for the version known_file holds failed before its current task. 0 again when the
-- source changes. A failed task's next_attempt_at (sync_task) shows when the scan takes it again.
ALTER TABLE known_file ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
