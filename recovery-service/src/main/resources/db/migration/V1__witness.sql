-- The witness copy: every block header the recovery center checked and accepted, with its signature.
CREATE TABLE witnessed_block (
    shard           INTEGER     NOT NULL,
    height          BIGINT      NOT NULL,
    block_hash      TEXT        NOT NULL,
    previous_hash   TEXT        NOT NULL,
    merkle_root     TEXT        NOT NULL,
    tx_count        INTEGER     NOT NULL,
    log_size        BIGINT      NOT NULL,
    block_timestamp TIMESTAMPTZ NOT NULL,
    signer          TEXT        NOT NULL,
    signature       TEXT        NOT NULL,
    witnessed_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (shard, height)
);

-- The tx hashes of each witnessed block, in block order, with their position in the shard's log.
CREATE TABLE witnessed_transaction (
    shard      INTEGER NOT NULL,
    height     BIGINT  NOT NULL,
    position   INTEGER NOT NULL,
    leaf_index BIGINT  NOT NULL,
    tx_hash    TEXT    NOT NULL,
    PRIMARY KEY (shard, height, position),
    UNIQUE (shard, leaf_index),
    FOREIGN KEY (shard, height) REFERENCES witnessed_block (shard, height)
);

-- Blocks that failed the witness's checks: never witnessed, kept as evidence.
CREATE TABLE integrity_incident (
    id                 BIGSERIAL PRIMARY KEY,
    shard              INTEGER     NOT NULL,
    height             BIGINT      NOT NULL,
    failure            TEXT        NOT NULL,
    expected           TEXT,
    actual             TEXT,
    detail             TEXT        NOT NULL,
    claimed_block_hash TEXT        NOT NULL,
    detected_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (shard, height, failure, claimed_block_hash)
);

-- The ledger signer trusted on first use when no ledger public keys are configured: one row at most.
CREATE TABLE trusted_signer (
    slot       SMALLINT PRIMARY KEY DEFAULT 1 CHECK (slot = 1),
    key_id     TEXT        NOT NULL,
    source     TEXT        NOT NULL,
    trusted_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
