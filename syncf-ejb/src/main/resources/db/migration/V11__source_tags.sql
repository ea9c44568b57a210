-- The tag of a source version beside its size and modification time: on S3 the object's ETag,
-- which changes whenever its bytes do, even when an object is replaced by one of the same size
-- within the same second (Last-Modified has whole seconds) or by a tool that keeps the mtime
-- metadata. known_file keeps the tag of the version a scan last took a task for, so the next
-- scan sees such a replacement; sync_task carries it to the worker, whose reads are then of that
-- version only (If-Match). Null locally, where a file has no tag, and in rows of an older SyncF:
-- a tag counts only when both versions compared have one.
ALTER TABLE known_file ADD COLUMN tag TEXT;
ALTER TABLE sync_task ADD COLUMN source_tag TEXT;
