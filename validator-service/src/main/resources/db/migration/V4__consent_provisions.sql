-- What the consent rules (docs/consent-rules.md) select by: the organization a clinician registered for, a record's
-- FHIR resource type and security labels, and a consent's optional terms beyond grantee, action, purpose and period.
-- Every value is kept exactly as its transaction's metadata wrote it, so the rules read the same from a row as from
-- the transaction.

ALTER TABLE identities ADD COLUMN organization text;

ALTER TABLE records ADD COLUMN resource_type text;
-- comma-separated HL7 sensitivity codes, as written
ALTER TABLE records ADD COLUMN security_labels text;

-- the optional terms as a JSON object of their metadata entries (decision, resourceType, securityLabels, recordIds,
-- exceptions); null when the consent has none
ALTER TABLE consents ADD COLUMN terms jsonb;

CREATE INDEX consents_by_patient ON consents (patient_id);
