-- A clinician's break-glass (EMERGENCY_ACCESS) is in the patient's access log (outcome BREAK_GLASS), with when its
-- window of emergency reads closes; so is each auditor's review of one (EMERGENCY_REVIEWED: outcome
-- BREAK_GLASS_REVIEWED, the finding in reason). The reads under a break-glass are entries of their own, for EMERGENCY.
-- So are her erasure of a record (RECORD_ERASED: ERASED) and the vault's confirmation that it destroyed it
-- (ERASURE_CONFIRMED).
ALTER TABLE access_log DROP CONSTRAINT access_log_outcome_check;
ALTER TABLE access_log ADD CONSTRAINT access_log_outcome_check
    CHECK (outcome IN ('READ', 'DENIED', 'WRITTEN', 'WRITE_DENIED', 'KEY_RECOVERED', 'BREAK_GLASS',
                       'BREAK_GLASS_REVIEWED', 'ERASED', 'ERASURE_CONFIRMED'));
-- as the transaction wrote it (ISO-8601); null for every other outcome
ALTER TABLE access_log ADD COLUMN valid_until TEXT CHECK ((outcome = 'BREAK_GLASS') = (valid_until IS NOT NULL));

-- the break-glass register: every break-glass and its latest review, by the window's id
CREATE INDEX access_log_break_glass ON access_log (consent_id, shard, leaf_index)
    WHERE outcome IN ('BREAK_GLASS', 'BREAK_GLASS_REVIEWED');
