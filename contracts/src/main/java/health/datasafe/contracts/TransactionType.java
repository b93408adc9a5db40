package health.datasafe.contracts;

/** What a ledger transaction records. Names are facts, in the past tense. */
public enum TransactionType {
    /** An actor (patient, clinician, auditor) became known to the system. */
    IDENTITY_REGISTERED,
    /** Encrypted content was added to a patient's records; the ledger holds only its commitment. */
    RECORD_ADDED,
    /** A patient granted an actor access to their records for a purpose and a period. */
    CONSENT_GRANTED,
    /** A patient withdrew an earlier consent; it binds every later transaction of that patient. */
    CONSENT_REVOKED,
    /** Record content was released to an actor; the release happens only after this is committed. */
    RECORD_ACCESSED,
    /** An actor tried to read a record and was refused; recorded so the patient sees who tried. */
    ACCESS_DENIED,
    /** An actor replaced her key with a new one, signing the change with the old key. */
    KEY_ROTATED,
    /**
     * An administrator replaced the key of an actor who lost hers (or whose key was compromised), with a new key its
     * holder proved she holds; recorded in the patient's access log, so she learns of it.
     */
    KEY_RECOVERED,
    /**
     * Break-glass: a clinician opened a time-boxed window of emergency reads of a patient's records without her
     * consent, giving a written reason (kept sealed in the vault, committed by the payload hash); flagged in her
     * access log, she is notified, and an auditor reviews it (docs/consent-rules.md, "Emergency access").
     */
    EMERGENCY_ACCESS,
    /**
     * An auditor reviewed a break-glass and recorded her finding ({@link ReviewFinding}); a later review of the same
     * break-glass supersedes hers, and both stay on the ledger.
     */
    EMERGENCY_REVIEWED,
    /**
     * A patient erased one of her records, signed by her: every holder of a key to its content destroys it
     * (crypto-shredding) and confirms with ERASURE_CONFIRMED. The ledger keeps the record's salted commitment, which
     * confirms no guess of the content once the salt and ciphertext are gone.
     */
    RECORD_ERASED,
    /** The vault (a key holder, acting as {@code vault-<initiator key id>}) destroyed what a RECORD_ERASED names. */
    ERASURE_CONFIRMED
}
