-- A clinician's break-glass (EMERGENCY_ACCESS) is in the patient's access log (outcome BREAK_GLASS), with when its
-- window of emergency reads closes; the reads under it are entries of their own, with purpose EMERGENCY.
ALTER TABLE access_log DROP CONSTRAINT access_log_outcome_check;
ALTER TABLE access_log ADD CONSTRAINT access_log_outcome_check
    CHECK (outcome IN ('READ', 'DENIED', 'WRITTEN', 'WRITE_DENIED', 'KEY_RECOVERED', 'BREAK_GLASS'));
-- as the transaction wrote it (ISO-8601); null for every other outcome
ALTER TABLE access_log ADD COLUMN valid_until TEXT CHECK ((outcome = 'BREAK_GLASS') = (valid_until IS NOT NULL));
