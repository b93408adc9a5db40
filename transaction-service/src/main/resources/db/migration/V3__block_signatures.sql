-- Every ledger node's signature on a block hash, from dsh.ledger.signatures (and from each node's copy of the block on
-- dsh.ledger.blocks): a block is final once a quorum of the genesis nodes signed the same hash (docs/ledger-format.md,
-- section 4d). Kept per hash, so a node that signed two hashes at one height leaves both.
CREATE TABLE block_signatures (
    shard      INTEGER     NOT NULL CHECK (shard >= 0),
    height     BIGINT      NOT NULL CHECK (height >= 0),
    block_hash TEXT        NOT NULL CHECK (block_hash ~ '^[0-9a-f]{64}$'),
    signer     TEXT        NOT NULL,
    node       TEXT        NOT NULL,
    signature  TEXT        NOT NULL,
    -- the node's signed note of the checkpoint of the block's epoch; null from a node that makes none
    checkpoint TEXT,
    signed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (shard, height, block_hash, signer)
);

-- the hash of the block a committed transaction is in, to count the signatures of exactly that block
ALTER TABLE transactions ADD COLUMN block_hash TEXT CHECK (block_hash ~ '^[0-9a-f]{64}$');
ALTER TABLE transactions ADD CONSTRAINT transactions_block_hash_when_committed
    CHECK (block_hash IS NULL OR status = 'COMMITTED');
CREATE INDEX transactions_block ON transactions (shard, block_height) WHERE status = 'COMMITTED';

-- transactions committed before: their block's hash is in their receipt (when the block carried a checkpoint)
UPDATE transactions SET block_hash = (receipt::jsonb)->>'blockHash' WHERE status = 'COMMITTED' AND receipt IS NOT NULL;
