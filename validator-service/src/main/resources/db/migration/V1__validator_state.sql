-- The validator's state, derived only from transactions it accepted, and its decision per transaction id.
-- Every write is an insert-if-absent or a guarded update, so replaying the same transaction changes nothing.

CREATE TABLE identities (
    actor_id         text PRIMARY KEY,
    role             text NOT NULL,
    public_key       text,
    registered_by_tx text NOT NULL
);

CREATE TABLE records (
    record_id   text PRIMARY KEY,
    patient_id  text NOT NULL,
    added_by_tx text NOT NULL
);

CREATE INDEX records_by_patient ON records (patient_id);

CREATE TABLE consents (
    consent_id    text PRIMARY KEY,
    patient_id    text        NOT NULL,
    grantee       text        NOT NULL,
    action        text        NOT NULL,
    purpose       text        NOT NULL,
    -- ISO-8601 instants exactly as granted (nanoseconds included; timestamptz would cut them to microseconds)
    valid_from    text        NOT NULL,
    valid_until   text        NOT NULL,
    granted_by_tx text        NOT NULL,
    revoked_by_tx text
);

CREATE INDEX consents_by_patient_and_grantee ON consents (patient_id, grantee);

-- One row per authenticated transaction id: a redelivered transaction gets this same decision again.
-- Transactions refused for their schema or signature are not stored: anyone can forge those, and a stored
-- refusal would take the id away from the genuine transaction.
CREATE TABLE decisions (
    tx_id      text PRIMARY KEY,
    tx_hash    text        NOT NULL,
    outcome    text        NOT NULL CHECK (outcome IN ('VALIDATED', 'REJECTED')),
    reason     text,
    detail     text,
    validator  text        NOT NULL,
    decided_at timestamptz NOT NULL,
    CHECK ((outcome = 'VALIDATED') = (reason IS NULL))
);
