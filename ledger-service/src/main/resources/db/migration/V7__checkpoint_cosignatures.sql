-- Witnesses' cosignatures of this ledger's checkpoints (c2sp.org/tlog-cosignature, docs/ledger-format.md section 7a):
-- one signature line per checkpoint text and witness, the newest kept; served with the checkpoint.
CREATE TABLE checkpoint_cosignature (
    text_hash   BYTEA       NOT NULL CHECK (octet_length(text_hash) = 32),
    witness     TEXT        NOT NULL,
    line        TEXT        NOT NULL,
    cosigned_at TIMESTAMPTZ NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (text_hash, witness)
);
