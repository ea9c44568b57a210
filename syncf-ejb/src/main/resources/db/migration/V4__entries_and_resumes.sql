-- Not only regular files: empty directories and symbolic links travel too (kind), a link with
-- its target as written; and what each resume of a copy cost (resumes, reread_bytes).
ALTER TABLE sync_task ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'FILE';
ALTER TABLE sync_task ADD COLUMN link_target TEXT;
ALTER TABLE sync_task ADD COLUMN resumes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_task ADD COLUMN reread_bytes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE known_file ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'FILE';
