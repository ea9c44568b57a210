-- One dialect for SQLite and PostgreSQL: TEXT, BIGINT, INTEGER, VARCHAR only.
-- Instants are epoch milliseconds (BIGINT); ids are UUID strings.

CREATE TABLE sync_job (
    id          VARCHAR(36) NOT NULL PRIMARY KEY,
    source_path TEXT        NOT NULL,
    sink_path   TEXT        NOT NULL,
    source_type VARCHAR(32) NOT NULL,
    sink_type   VARCHAR(32) NOT NULL,
    interval_ms BIGINT      NOT NULL,
    status      VARCHAR(16) NOT NULL,
    created_at  BIGINT      NOT NULL,
    updated_at  BIGINT      NOT NULL,
    version     BIGINT      NOT NULL
);

CREATE INDEX sync_job_created_at ON sync_job (created_at);
CREATE INDEX sync_job_status ON sync_job (status);

CREATE TABLE sync_task (
    id                 VARCHAR(36)  NOT NULL PRIMARY KEY,
    job_id             VARCHAR(36)  NOT NULL REFERENCES sync_job (id),
    file_path          TEXT         NOT NULL,
    file_size          BIGINT       NOT NULL,
    source_modified_at BIGINT,
    copied_bytes       BIGINT       NOT NULL,
    checksum           VARCHAR(64),
    slave_id           VARCHAR(255),
    status             VARCHAR(16)  NOT NULL,
    attempts           INTEGER      NOT NULL,
    last_error         TEXT,
    created_at         BIGINT       NOT NULL,
    updated_at         BIGINT       NOT NULL,
    started_at         BIGINT,
    completed_at       BIGINT,
    version            BIGINT       NOT NULL
);

CREATE INDEX sync_task_job_status ON sync_task (job_id, status);
CREATE INDEX sync_task_job_order ON sync_task (job_id, created_at, file_path);
