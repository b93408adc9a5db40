-- How far the blocks projected here reach in each shard's log: the highest log size (with its block height) of a
-- projected block. A rebuild checks it against a signed checkpoint. Only ever raised, so a block announced again
-- changes nothing.
CREATE TABLE shard_log (
    shard        INTEGER PRIMARY KEY,
    log_size     BIGINT NOT NULL,
    block_height BIGINT NOT NULL
);
