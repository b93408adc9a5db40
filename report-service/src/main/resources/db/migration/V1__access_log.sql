-- One row per committed RECORD_ACCESSED or ACCESS_DENIED transaction; the transaction id makes redelivery harmless.
CREATE TABLE access_log (
    transaction_id TEXT PRIMARY KEY,
    patient_id     TEXT        NOT NULL,
    actor_id       TEXT        NOT NULL,
    record_id      TEXT,
    purpose        TEXT,
    outcome        TEXT        NOT NULL CHECK (outcome IN ('READ', 'DENIED')),
    reason         TEXT,
    at             TIMESTAMPTZ NOT NULL,
    tx_hash        TEXT        NOT NULL,
    shard          INTEGER     NOT NULL,
    block_height   BIGINT      NOT NULL,
    leaf_index     BIGINT      NOT NULL,
    recorded_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX access_log_by_patient ON access_log (patient_id, shard, leaf_index);
