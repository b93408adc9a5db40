-- A clinician's RECORD_ADDED to a patient's chart is in her access log too (outcome WRITTEN): adding to someone's
-- chart needs her consent, as reading it does, and she sees both.
ALTER TABLE access_log DROP CONSTRAINT access_log_outcome_check;
ALTER TABLE access_log ADD CONSTRAINT access_log_outcome_check CHECK (outcome IN ('READ', 'DENIED', 'WRITTEN'));

-- The consent a read or write relied on and the version of the consent rules it was judged by, as its transaction
-- names them (null where it names none: the patient's own reads, refusals, older transactions).
ALTER TABLE access_log ADD COLUMN consent_id text;
ALTER TABLE access_log ADD COLUMN consent_rules text;
