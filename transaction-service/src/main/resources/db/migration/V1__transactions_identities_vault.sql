-- Every transaction this service initiated, and what became of it.
CREATE TABLE transactions (
    id             TEXT PRIMARY KEY,
    type           TEXT        NOT NULL,
    patient_id     TEXT,
    actor_id       TEXT        NOT NULL,
    status         TEXT        NOT NULL CHECK (status IN ('PENDING', 'COMMITTED', 'REJECTED')),
    reason         TEXT,
    detail         TEXT,
    shard          INTEGER,
    block_height   BIGINT,
    tx_hash        TEXT,
    leaf_index     BIGINT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- the signed transaction as published (no health content: ids, hashes, metadata) and its hash,
    -- so it can be published again after a crash and a committed copy can be checked against it
    signed_json    TEXT        NOT NULL,
    submitted_hash TEXT        NOT NULL,
    published_at   TIMESTAMPTZ
);
CREATE INDEX transactions_patient ON transactions (patient_id);
CREATE INDEX transactions_unpublished ON transactions (created_at) WHERE published_at IS NULL;

-- Identities whose IDENTITY_REGISTERED is committed on the ledger.
CREATE TABLE identities (
    actor_id          TEXT PRIMARY KEY,
    role              TEXT        NOT NULL,
    status            TEXT        NOT NULL DEFAULT 'REGISTERED',
    registered_by_tx  TEXT        NOT NULL,
    registered_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The vault: record content encrypted under a fresh data key, wrapped by the patient's key.
CREATE TABLE records (
    record_id         TEXT PRIMARY KEY,
    patient_id        TEXT        NOT NULL,
    content_type      TEXT        NOT NULL,
    ciphertext        BYTEA       NOT NULL,
    iv                BYTEA       NOT NULL,
    wrapped_data_key  BYTEA       NOT NULL,
    salt              BYTEA       NOT NULL,
    commitment        TEXT        NOT NULL,
    added_by_tx       TEXT        NOT NULL UNIQUE REFERENCES transactions (id) ON DELETE CASCADE,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX records_patient ON records (patient_id);

-- Each patient's key, wrapped by the master key; deleting the row crypto-shreds the patient's records.
CREATE TABLE patient_keys (
    patient_id   TEXT PRIMARY KEY,
    wrapped_key  BYTEA       NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
