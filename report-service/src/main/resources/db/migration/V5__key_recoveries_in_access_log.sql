-- An administrator's recovery of a patient's key is in her access log (outcome KEY_RECOVERED): whoever holds her key
-- can consent for her, so she learns when someone else gave her a new one.
ALTER TABLE access_log DROP CONSTRAINT access_log_outcome_check;
ALTER TABLE access_log ADD CONSTRAINT access_log_outcome_check
    CHECK (outcome IN ('READ', 'DENIED', 'WRITTEN', 'KEY_RECOVERED'));
