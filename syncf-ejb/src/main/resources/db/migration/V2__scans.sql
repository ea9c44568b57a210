-- What the scanner has already taken a task for, one row per source file of a job, looked
-- up one directory at a time so that a scan never holds a whole tree in memory.
ALTER TABLE sync_job ADD COLUMN last_scan_at BIGINT;
ALTER TABLE sync_job ADD COLUMN last_scan_error TEXT;

CREATE TABLE known_file (
    id          VARCHAR(36) NOT NULL PRIMARY KEY,
    job_id      VARCHAR(36) NOT NULL REFERENCES sync_job (id),
    dir_path    TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    file_size   BIGINT      NOT NULL,
    modified_at BIGINT      NOT NULL,
    task_id     VARCHAR(36) NOT NULL,
    version     BIGINT      NOT NULL
);

CREATE UNIQUE INDEX known_file_path ON known_file (job_id, dir_path, name);
