-- Blocks are cut where the log says (EpochEnded records in dsh.tx.validated), not by a node's clock. The committer
-- resumes each partition after the last epoch end it committed, and remembers the last epoch completed in every shard:
-- an epoch end at or below it is stale and ends nothing. Committed with the epoch's blocks, so a restart, or a
-- replay from offset 0, cuts exactly the same blocks.
ALTER TABLE consumed_offset ADD COLUMN epoch BIGINT NOT NULL DEFAULT 0 CHECK (epoch >= 0);
