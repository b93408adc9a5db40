-- Where a replay into this schema stopped: the next offset to read, per partition of dsh.ledger.blocks, written with
-- what that replay projected, so that a second replay (a rebuild's catch-up) goes on from there. The listener keeps
-- its position in its consumer group instead; in a schema a rebuild put live, this is where the rebuild ended.
CREATE TABLE replay_position (
    kafka_partition INTEGER PRIMARY KEY,
    next_offset     BIGINT NOT NULL
);
