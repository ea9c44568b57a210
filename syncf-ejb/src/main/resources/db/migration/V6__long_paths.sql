-- Paths up to PATH_MAX (4095 bytes): PostgreSQL cannot index a value past about 2700 bytes
-- ("index row size exceeds btree version 4 maximum 2704"), so no index holds a whole path.
-- known_file is looked up by a directory key instead: the directory's path when it is at most
-- 1000 bytes, else "/" and its SHA-256 (KnownFile.keyOf; no relative path starts with "/").
-- Rows of longer directories are dropped: the next scan takes them as new entries, once.
ALTER TABLE known_file ADD COLUMN dir_key TEXT;
DELETE FROM known_file WHERE octet_length(dir_path) > 1000;
UPDATE known_file SET dir_key = dir_path;
DROP INDEX known_file_path;
CREATE UNIQUE INDEX known_file_path ON known_file (job_id, dir_key, name);

-- tracking's order (created_at, file_path, id): the index gives the first key, ties are sorted
DROP INDEX sync_task_job_order;
CREATE INDEX sync_task_job_order ON sync_task (job_id, created_at);
