-- What a copy's checkpoint holds beyond its offset, for a store where the target alone does not
-- lead back to the staged bytes (S3: the multipart upload's id and its finished parts), and the
-- SHA-256 state at the offset, so that whichever worker resumes neither reads the source's first
-- bytes again nor downloads anything to rebuild the digest. Both are written with the offset,
-- in the same UPDATE, by the lease holder only.
ALTER TABLE sync_task ADD COLUMN stage_state TEXT;
ALTER TABLE sync_task ADD COLUMN digest_state TEXT;
