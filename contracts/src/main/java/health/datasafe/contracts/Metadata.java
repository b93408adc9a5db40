package health.datasafe.contracts;

import java.util.Set;

/** Keys of {@link Transaction#metadata()}; which type uses which is listed in docs/events.md. */
public final class Metadata {

    /** IDENTITY_REGISTERED: the role of the registered identity ({@link Role}). */
    public static final String ROLE = "role";
    /**
     * IDENTITY_REGISTERED: optional base64 X.509 Ed25519 public key of the identity. KEY_ROTATED, KEY_RECOVERED: the new
     * key.
     */
    public static final String PUBLIC_KEY = "publicKey";
    /**
     * IDENTITY_REGISTERED, with {@link #PUBLIC_KEY} and only with it: base64 Ed25519 signature by that key of the
     * registration statement (proof of possession, docs/ledger-format.md section 4e); KEY_ROTATED, KEY_RECOVERED: the
     * same proof by the new key.
     */
    public static final String KEY_PROOF = "keyProof";
    /**
     * CONSENT_GRANTED, CONSENT_REVOKED: base64 Ed25519 signature of the request by the actor's registered key
     * (docs/ledger-format.md section 4f); always with {@link #NOT_AFTER}. KEY_ROTATED: the same, by the key replaced.
     */
    public static final String USER_SIGNATURE = "userSignature";
    /** With {@link #USER_SIGNATURE}: ISO-8601 instant after which the signed request is refused. */
    public static final String NOT_AFTER = "notAfter";
    /** KEY_RECOVERED: the identity whose key an administrator replaces. */
    public static final String SUBJECT = "subject";
    /** KEY_RECOVERED: why, as a code: {@code LOST} or {@code COMPROMISED}. */
    public static final String RECOVERY = "recovery";
    /** IDENTITY_REGISTERED, optional: the organization a CLINICIAN speaks for, which consents may name. */
    public static final String ORGANIZATION = "organization";
    /** RECORD_*, ACCESS_DENIED, ERASURE_CONFIRMED: the record concerned. */
    public static final String RECORD_ID = "recordId";
    /** RECORD_ADDED: declared media type of the content, e.g. application/fhir+json. */
    public static final String CONTENT_TYPE = "contentType";
    /**
     * RECORD_ADDED, optional: the FHIR R4 resource type of the content ({@link ResourceTypes#R4}). CONSENT_GRANTED,
     * optional: the types a provision covers, comma-separated.
     */
    public static final String RESOURCE_TYPE = "resourceType";
    /**
     * RECORD_ADDED and CONSENT_GRANTED, optional: {@link SecurityLabel}s, comma-separated: those the record carries,
     * or those a provision covers.
     */
    public static final String SECURITY_LABELS = "securityLabels";
    /** CONSENT_GRANTED, optional: the records a provision covers, comma-separated. */
    public static final String RECORD_IDS = "recordIds";
    /** CONSENT_GRANTED, optional: "permit" (the default) or "deny". */
    public static final String DECISION = "decision";
    /**
     * CONSENT_GRANTED, optional: the nested provisions, exceptions to the consent's own, as a JSON array of objects
     * with these same keys (docs/consent-rules.md).
     */
    public static final String EXCEPTIONS = "exceptions";
    /**
     * RECORD_ACCESSED, RECORD_ADDED by anyone but the patient: version of the consent rules the transaction asks to be
     * judged under; with {@link #CONSENT_ID}, the consent it relies on, so its receipt names both.
     */
    public static final String CONSENT_RULES = "consentRules";
    /** The version of the consent rules (docs/consent-rules.md) this release's initiators write and validators judge by. */
    public static final String CONSENT_RULES_VERSION = "1";
    /**
     * RECORD_ACCESSED, ACCESS_DENIED, CONSENT_GRANTED, and RECORD_ADDED (optional, TREATMENT when absent): the
     * {@link Purpose}, by name; CONSENT_GRANTED may list several, comma-separated. EMERGENCY_ACCESS: always
     * {@code EMERGENCY}.
     */
    public static final String PURPOSE = "purpose";
    /**
     * CONSENT_*: the consent concerned; RECORD_ACCESSED, RECORD_ADDED: the consent relied on; EMERGENCY_ACCESS: the
     * id of the break-glass window it opens, which reads under it name as the consent they rely on (and its sealed
     * reason is the patient's record of that id); EMERGENCY_REVIEWED: the break-glass reviewed.
     */
    public static final String CONSENT_ID = "consentId";
    /**
     * CONSENT_GRANTED: the actors the consent's provision is about, comma-separated: an actor id, {@code role:ROLE}
     * or {@code org:ORGANIZATION}.
     */
    public static final String GRANTEE = "grantee";
    /**
     * CONSENT_GRANTED: the actions, comma-separated: read, write, manage (what a delegate holds). ACCESS_DENIED:
     * {@link #WRITE} when a write was refused, absent when a read was.
     */
    public static final String ACTION = "action";
    /** The {@link #ACTION} of adding a record to a chart. */
    public static final String WRITE = "write";
    /** CONSENT_GRANTED: ISO-8601 instant from which the consent applies (inclusive). */
    public static final String VALID_FROM = "validFrom";
    /**
     * CONSENT_GRANTED: ISO-8601 instant until which the consent applies (exclusive); EMERGENCY_ACCESS: until which
     * its window is open (exclusive), from its {@code submittedAt}.
     */
    public static final String VALID_UNTIL = "validUntil";
    /** ERASURE_CONFIRMED: the RECORD_ERASED transaction confirmed. */
    public static final String ERASURE_ID = "erasureId";
    /** The actor id of the vault of the initiator with this key id, which confirms erasures (ERASURE_CONFIRMED). */
    public static String vaultOf(String initiatorKeyId) {
        return "vault-" + initiatorKeyId;
    }
    /** EMERGENCY_REVIEWED: the auditor's {@link ReviewFinding}, by name. */
    public static final String FINDING = "finding";
    /** ACCESS_DENIED: the RECORD_ACCESSED transaction that was refused. */
    public static final String ATTEMPT_ID = "attemptId";
    /** ACCESS_DENIED: the {@link RejectionReason} of the refusal. */
    public static final String REASON = "reason";

    /**
     * The metadata keys a consent's provision is written with (docs/consent-rules.md): at the root of a CONSENT_GRANTED,
     * and in each of its {@link #EXCEPTIONS}.
     */
    public static final Set<String> PROVISION_KEYS = Set.of(DECISION, GRANTEE, ACTION, PURPOSE, RESOURCE_TYPE,
            SECURITY_LABELS, RECORD_IDS, VALID_FROM, VALID_UNTIL, EXCEPTIONS);

    private Metadata() {
    }
}
