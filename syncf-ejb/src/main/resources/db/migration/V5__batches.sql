-- Small files travel in batches: one UPDATE claims a whole batch for a worker, marking the rows
-- it took with a token of its own (claim_id), so the worker reads back exactly what it won.
ALTER TABLE sync_task ADD COLUMN claim_id VARCHAR(36);
