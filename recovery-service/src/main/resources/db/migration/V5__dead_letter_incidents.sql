-- Incidents from dead-lettered records beside those from the witness and the audits: a record a service refused on a
-- topic only the system's own services write (a forged decision, an unsigned block). The fingerprint covers the
-- refused record's topic, partition and offset, so the copies several consumers dead-lettered are one incident.
ALTER TABLE integrity_incident
    DROP CONSTRAINT integrity_incident_source_check,
    ADD CONSTRAINT integrity_incident_source_check CHECK (source IN ('witness', 'audit', 'deadletter'));
