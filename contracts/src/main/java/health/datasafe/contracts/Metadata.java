package health.datasafe.contracts;

/** Keys of {@link Transaction#metadata()}; which type uses which is listed in docs/events.md. */
public final class Metadata {

    /** IDENTITY_REGISTERED: the role of the registered identity ({@link Role}). */
    public static final String ROLE = "role";
    /** IDENTITY_REGISTERED: optional base64 X.509 Ed25519 public key of the identity. */
    public static final String PUBLIC_KEY = "publicKey";
    /**
     * IDENTITY_REGISTERED, with {@link #PUBLIC_KEY} and only with it: base64 Ed25519 signature by that key of the
     * registration statement (proof of possession, docs/ledger-format.md section 4e).
     */
    public static final String KEY_PROOF = "keyProof";
    /**
     * CONSENT_GRANTED, CONSENT_REVOKED: base64 Ed25519 signature of the request by the actor's registered key
     * (docs/ledger-format.md section 4f); always with {@link #NOT_AFTER}.
     */
    public static final String USER_SIGNATURE = "userSignature";
    /** With {@link #USER_SIGNATURE}: ISO-8601 instant after which the signed request is refused. */
    public static final String NOT_AFTER = "notAfter";
    /** RECORD_*, ACCESS_DENIED: the record concerned. */
    public static final String RECORD_ID = "recordId";
    /** RECORD_ADDED: declared media type of the content, e.g. application/fhir+json. */
    public static final String CONTENT_TYPE = "contentType";
    /** RECORD_ACCESSED, ACCESS_DENIED, CONSENT_GRANTED: the {@link Purpose}. */
    public static final String PURPOSE = "purpose";
    /** CONSENT_*: the consent concerned. */
    public static final String CONSENT_ID = "consentId";
    /** CONSENT_GRANTED: the actor the consent permits. */
    public static final String GRANTEE = "grantee";
    /** CONSENT_GRANTED: the action permitted; only "read" in this version. */
    public static final String ACTION = "action";
    /** CONSENT_GRANTED: ISO-8601 instant from which the consent applies (inclusive). */
    public static final String VALID_FROM = "validFrom";
    /** CONSENT_GRANTED: ISO-8601 instant until which the consent applies (exclusive). */
    public static final String VALID_UNTIL = "validUntil";
    /** ACCESS_DENIED: the RECORD_ACCESSED transaction that was refused. */
    public static final String ATTEMPT_ID = "attemptId";
    /** ACCESS_DENIED: the {@link RejectionReason} of the refusal. */
    public static final String REASON = "reason";

    private Metadata() {
    }
}
