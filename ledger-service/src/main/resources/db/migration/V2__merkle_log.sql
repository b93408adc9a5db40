-- Every shard's Merkle log (RFC 9162) as stored nodes, and one signed checkpoint per committed block.

-- Every perfect subtree of every shard's log: level 0 holds the leaf hashes (SHA-256(0x00 || tx hash)), level l > 0
-- the hash of the two nodes below it; node (level, idx) covers leaves [idx * 2^level, (idx + 1) * 2^level). Written
-- with the block whose last leaf completes the node, so any inclusion or consistency proof, and any root, of any size
-- up to the shard's log size is O(log n) rows read in one query.
CREATE TABLE merkle_node (
    shard INTEGER  NOT NULL CHECK (shard >= 0),
    level SMALLINT NOT NULL CHECK (level BETWEEN 0 AND 62),
    idx   BIGINT   NOT NULL CHECK (idx >= 0),
    hash  BYTEA    NOT NULL CHECK (octet_length(hash) = 32),
    CONSTRAINT merkle_node_key PRIMARY KEY (shard, level, idx)
);

-- The checkpoint (C2SP signed note over every shard's log size and root) this node signed right after committing
-- block (shard, height), committed with that block: in it, the block's shard has exactly the block's log_size.
CREATE TABLE checkpoint (
    id         BIGSERIAL   PRIMARY KEY,
    shard      INTEGER     NOT NULL,
    height     BIGINT      NOT NULL,
    note       TEXT        NOT NULL,
    -- outbox: true once CheckpointSigned for it is on dsh.ledger.checkpoints
    published  BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT checkpoint_block FOREIGN KEY (shard, height) REFERENCES block (shard, height),
    CONSTRAINT checkpoint_per_block UNIQUE (shard, height)
);

CREATE INDEX checkpoint_unpublished ON checkpoint (id) WHERE NOT published;

-- An inclusion proof names its transaction by tx hash, and its tree size by a block's log size.
CREATE UNIQUE INDEX ledger_tx_hash_unique ON ledger_tx (tx_hash);
CREATE INDEX block_by_log_size ON block (shard, log_size);
