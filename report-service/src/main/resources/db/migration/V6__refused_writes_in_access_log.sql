-- A clinician's write refused for want of consent is in the patient's access log too (outcome WRITE_DENIED): who
-- tried to add to her chart matters as much as who tried to read it.
ALTER TABLE access_log DROP CONSTRAINT access_log_outcome_check;
ALTER TABLE access_log ADD CONSTRAINT access_log_outcome_check
    CHECK (outcome IN ('READ', 'DENIED', 'WRITTEN', 'WRITE_DENIED', 'KEY_RECOVERED'));
