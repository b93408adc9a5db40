-- Incidents from audits beside those from the witness, one row per distinct finding: a finding seen again only moves
-- last_seen. The fingerprint (hex SHA-256 of what identifies the finding) is what makes two sightings the same one;
-- for witness incidents it covers the columns the former unique key did, so nothing changes for them.
ALTER TABLE integrity_incident
    ADD COLUMN source      TEXT NOT NULL DEFAULT 'witness' CHECK (source IN ('witness', 'audit')),
    ADD COLUMN field       TEXT,
    ADD COLUMN fingerprint TEXT,
    ADD COLUMN last_seen   TIMESTAMPTZ,
    -- outbox: set once IntegrityAlertRaised for the incident is on dsh.integrity.alerts (earlier incidents were
    -- never alerted, so they are, once)
    ADD COLUMN alerted_at  TIMESTAMPTZ;

UPDATE integrity_incident
SET fingerprint = encode(sha256(convert_to(concat_ws('|', 'witness', shard, height, failure, claimed_block_hash), 'UTF8')), 'hex'),
    last_seen   = detected_at;

ALTER TABLE integrity_incident
    ALTER COLUMN fingerprint SET NOT NULL,
    ALTER COLUMN last_seen SET NOT NULL,
    ALTER COLUMN last_seen SET DEFAULT now(),
    ALTER COLUMN claimed_block_hash DROP NOT NULL,
    DROP CONSTRAINT integrity_incident_shard_height_failure_claimed_block_hash_key,
    ADD CONSTRAINT integrity_incident_fingerprint_unique UNIQUE (fingerprint);

CREATE INDEX integrity_incident_unalerted ON integrity_incident (id) WHERE alerted_at IS NULL;

-- The newest signed checkpoint received on dsh.ledger.checkpoints from each ledger origin, its signature verified:
-- what audits hold the ledger's logs to, whatever the ledger's database holds by then.
CREATE TABLE witnessed_checkpoint (
    origin      TEXT PRIMARY KEY,
    shard       INTEGER     NOT NULL,
    height      BIGINT      NOT NULL,
    note        TEXT        NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
