-- The ledger of one node, in schema "ledger". One hash chain of blocks per shard (partition of dsh.tx.validated).
-- Hashes are stored as their 32 raw bytes; the constraints below refuse any row that breaks the chain rules,
-- whoever writes it.

-- A block: its hashed header, its hash, and this node's signature over the 32 bytes of the hash.
CREATE TABLE block (
    shard           INTEGER     NOT NULL CHECK (shard >= 0),
    height          BIGINT      NOT NULL CHECK (height >= 0),
    hash            BYTEA       NOT NULL CHECK (octet_length(hash) = 32),
    -- height - 1, repeated so that the link to the previous block can be a foreign key; null only at height 0
    previous_height BIGINT,
    previous_hash   BYTEA       NOT NULL CHECK (octet_length(previous_hash) = 32),
    merkle_root     BYTEA       NOT NULL CHECK (octet_length(merkle_root) = 32),
    tx_count        INTEGER     NOT NULL CHECK (tx_count > 0),
    log_size        BIGINT      NOT NULL CHECK (log_size >= tx_count),
    block_timestamp TIMESTAMPTZ NOT NULL,
    -- key id (Ed25519.VerifyingKey.keyId) of the node that signed, and its 64-byte Ed25519 signature
    signer          TEXT        NOT NULL,
    signature       BYTEA       NOT NULL CHECK (octet_length(signature) = 64),
    -- outbox: true once BlockCommitted for this block is on dsh.ledger.blocks
    published       BOOLEAN     NOT NULL DEFAULT FALSE,
    committed_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT block_height_unique PRIMARY KEY (shard, height),
    CONSTRAINT block_hash_unique UNIQUE (shard, height, hash),
    CONSTRAINT block_links_previous CHECK (
        (height = 0 AND previous_height IS NULL AND previous_hash = decode(repeat('00', 32), 'hex'))
        OR (height > 0 AND previous_height IS NOT NULL AND previous_height = height - 1)),
    CONSTRAINT block_previous_exists FOREIGN KEY (shard, previous_height, previous_hash)
        REFERENCES block (shard, height, hash)
);

CREATE INDEX block_unpublished ON block (shard, height) WHERE NOT published;

-- The transactions of each block, in block order: leaf_index is the position in the shard's Merkle log.
-- canonical_json is exactly the RFC 8785 canonical JSON of the signed transaction that tx_hash commits to.
CREATE TABLE ledger_tx (
    tx_id          TEXT    NOT NULL,
    shard          INTEGER NOT NULL,
    height         BIGINT  NOT NULL,
    leaf_index     BIGINT  NOT NULL CHECK (leaf_index >= 0),
    tx_hash        BYTEA   NOT NULL CHECK (octet_length(tx_hash) = 32),
    canonical_json BYTEA   NOT NULL,
    -- whose history it belongs to (null for a non-patient's IDENTITY_REGISTERED); a copy of the field in
    -- canonical_json, used only to let a patient look up their own transactions
    patient_id     TEXT,
    CONSTRAINT ledger_tx_id_unique UNIQUE (tx_id),
    CONSTRAINT ledger_tx_leaf PRIMARY KEY (shard, leaf_index),
    CONSTRAINT ledger_tx_block FOREIGN KEY (shard, height) REFERENCES block (shard, height)
);

CREATE INDEX ledger_tx_by_block ON ledger_tx (shard, height, leaf_index);

-- The next offset to read of every consumed partition, committed with the blocks built from the records before it.
CREATE TABLE consumed_offset (
    topic           TEXT        NOT NULL,
    kafka_partition INTEGER     NOT NULL CHECK (kafka_partition >= 0),
    next_offset     BIGINT      NOT NULL CHECK (next_offset >= 0),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, kafka_partition)
);
