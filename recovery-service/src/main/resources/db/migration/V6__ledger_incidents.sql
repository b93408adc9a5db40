-- Incidents a ledger node raised about itself (a fork: its block differs from the one a quorum of nodes signed),
-- taken from dsh.integrity.alerts.
ALTER TABLE integrity_incident
    DROP CONSTRAINT integrity_incident_source_check,
    ADD CONSTRAINT integrity_incident_source_check CHECK (source IN ('witness', 'audit', 'deadletter', 'ledger'));
