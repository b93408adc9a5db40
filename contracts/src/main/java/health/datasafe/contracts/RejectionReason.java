package health.datasafe.contracts;

/** Why the validator refused a submitted transaction. */
public enum RejectionReason {
    /** Required fields missing, malformed ids, hashes or metadata for the type. */
    SCHEMA_INVALID,
    /** The initiator's Ed25519 signature does not verify, or the signer is unknown. */
    SIGNATURE_INVALID,
    /**
     * A consent whose provision breaks the consent rules' shape (docs/consent-rules.md): an unknown code, a period that
     * ends before it starts, an exception that contradicts the provision it belongs to. Decided (and published) rather
     * than dead-lettered, so the patient who asked is told which field.
     */
    PROVISION_INVALID,
    /** A public key was registered without its holder's proof of possession, or with one that does not verify. */
    KEY_NOT_PROVEN,
    /**
     * A request of an actor who registered a key came without her signature, with one that does not verify with that
     * key, or with a signature although she registered no key.
     */
    USER_SIGNATURE_INVALID,
    /** A signed request arrived after the {@code notAfter} it was signed with. */
    SIGNED_REQUEST_EXPIRED,
    /**
     * A break-glass whose window does not end after it starts, or ends later than the emergency access policy allows
     * (docs/consent-rules.md, "Emergency access").
     */
    EMERGENCY_WINDOW_INVALID,
    /** The acting identity was never registered. */
    UNKNOWN_ACTOR,
    /** The patient the transaction is about was never registered. */
    UNKNOWN_PATIENT,
    /** The identity is already registered. */
    IDENTITY_EXISTS,
    /** The actor's role may not perform this transaction type. */
    ROLE_NOT_ALLOWED,
    /** No consent in force permits the access at the transaction's time. */
    CONSENT_DENIED,
    /** The consent named does not exist for this patient or is already revoked. */
    UNKNOWN_CONSENT,
    /** The record was erased: nothing of it can be read, erased again or confirmed as erased by another erasure. */
    RECORD_ERASED,
    /** The record does not exist for this patient. */
    UNKNOWN_RECORD,
    /** A transaction with this id was already validated. */
    DUPLICATE
}
