-- The other ledger nodes' signatures of block hashes (dsh.ledger.signatures), each with the header it signed: what
-- this node holds its own blocks against (docs/ledger-format.md, section 4d). One row per block hash and signer.
CREATE TABLE peer_signature (
    shard       INTEGER     NOT NULL CHECK (shard >= 0),
    height      BIGINT      NOT NULL CHECK (height >= 0),
    block_hash  BYTEA       NOT NULL CHECK (octet_length(block_hash) = 32),
    signer      TEXT        NOT NULL,
    node        TEXT        NOT NULL,
    -- canonical JSON of the header it signed, which hashes to block_hash
    header      BYTEA       NOT NULL CHECK (sha256(header) = block_hash),
    checkpoint  TEXT,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (shard, height, block_hash, signer)
);

-- A block of this node whose hash is not the one a quorum of the other nodes signed at its height. While one is here
-- the node announces and signs nothing; a rebuild by replay starts a schema without it.
CREATE TABLE fork (
    shard             INTEGER     NOT NULL,
    height            BIGINT      NOT NULL,
    own_hash          BYTEA       NOT NULL CHECK (octet_length(own_hash) = 32),
    quorum_hash       BYTEA       NOT NULL CHECK (octet_length(quorum_hash) = 32),
    quorum_signers    TEXT        NOT NULL,
    differing         TEXT        NOT NULL,
    -- the quorum's checkpoint of that block's epoch, cosigned by its signers: what a rebuild must reach instead of
    -- this node's own checkpoints
    quorum_checkpoint TEXT,
    detected_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (shard, height),
    CHECK (own_hash <> quorum_hash)
);
