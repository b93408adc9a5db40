package health.datasafe.validator;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.ReviewFinding;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.KeyPossession;
import health.datasafe.integrity.UserSignatures;
import health.datasafe.integrity.Sha256;
import health.datasafe.integrity.Transactions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds transactions as the transaction-service would, signed with a key of its own, and as its users' clients would
 * sign them: every identity it registers gets a key of its own (with the proof of holding it), and its builders sign
 * each request the validator wants signed (consents, revocations, reads and writes of another's chart) with the
 * actor's key when they know it. {@link #sign} alone signs the envelope only.
 */
public final class TestInitiator {

    /** How long a request a user signs stays acceptable after its {@code submittedAt}. */
    private static final Duration SIGNED_FOR = Duration.ofMinutes(5);

    private final Ed25519.SigningKey key;
    private final Map<String, Ed25519.SigningKey> users = new ConcurrentHashMap<>();

    public TestInitiator() {
        this(Ed25519.SigningKey.generate());
    }

    public TestInitiator(Ed25519.SigningKey key) {
        this.key = key;
    }

    public String publicKey() {
        return key.verifyingKey().toX509();
    }

    public String keyId() {
        return key.verifyingKey().keyId();
    }

    public Transaction sign(Transaction unsigned) {
        return Transactions.sign(unsigned.withSignature(null), key);
    }

    /**
     * An unsigned transaction with a fresh id, this initiator named, and a payload hash fitting its type: for content
     * kept in the vault (a record, a break-glass reason) a stand-in for its commitment.
     */
    public Transaction unsigned(TransactionType type, String patientId, String actorId, Map<String, String> metadata,
                                Instant at) {
        String payloadHash = committing(type)
                ? Sha256.hex(("ciphertext of " + metadata).getBytes(StandardCharsets.UTF_8))
                : Transactions.metadataHash(metadata);
        return new Transaction(UUID.randomUUID().toString(), type, patientId, actorId, payloadHash, metadata, at,
                keyId(), null);
    }

    public Transaction patient(String patientId, Instant at) {
        return identity(patientId, Role.PATIENT, at);
    }

    /** Her registration with a key of her own, made now, and the proof that she holds it. */
    public Transaction identity(String actorId, Role role, Instant at) {
        Ed25519.SigningKey own = users.computeIfAbsent(actorId, id -> Ed25519.SigningKey.generate());
        return sign(unsigned(TransactionType.IDENTITY_REGISTERED, role == Role.PATIENT ? actorId : null, actorId,
                Map.of(Metadata.ROLE, role.name(), Metadata.PUBLIC_KEY, own.verifyingKey().toX509(),
                        Metadata.KEY_PROOF, KeyPossession.prove(own, actorId, role.name())), at));
    }

    public Transaction recordAdded(String patientId, String actorId, String recordId, Instant at) {
        return submitted(unsigned(TransactionType.RECORD_ADDED, patientId, actorId,
                Map.of(Metadata.RECORD_ID, recordId, Metadata.CONTENT_TYPE, "application/fhir+json"), at));
    }

    public Transaction consentGranted(String patientId, String consentId, String grantee, Purpose purpose,
                                      Instant validFrom, Instant validUntil, Instant at) {
        return submitted(unsigned(TransactionType.CONSENT_GRANTED, patientId, patientId, Map.of(
                Metadata.CONSENT_ID, consentId,
                Metadata.GRANTEE, grantee,
                Metadata.ACTION, "read",
                Metadata.PURPOSE, purpose.name(),
                Metadata.VALID_FROM, validFrom.toString(),
                Metadata.VALID_UNTIL, validUntil.toString()), at));
    }

    public Transaction consentRevoked(String patientId, String actorId, String consentId, Instant at) {
        return submitted(unsigned(TransactionType.CONSENT_REVOKED, patientId, actorId,
                Map.of(Metadata.CONSENT_ID, consentId), at));
    }

    public Transaction recordAccessed(String patientId, String actorId, String recordId, Purpose purpose, Instant at) {
        return submitted(unsigned(TransactionType.RECORD_ACCESSED, patientId, actorId,
                Map.of(Metadata.RECORD_ID, recordId, Metadata.PURPOSE, purpose.name()), at));
    }

    /**
     * Clinician {@code actorId} breaks the glass on {@code patientId}'s records until {@code until}, under
     * {@code consentId}; the payload hash stands for the commitment of the reason he wrote, sealed in the vault.
     */
    public Transaction emergencyAccess(String patientId, String actorId, String consentId, Instant until, Instant at) {
        return submitted(unsigned(TransactionType.EMERGENCY_ACCESS, patientId, actorId, Map.of(
                Metadata.CONSENT_ID, consentId, Metadata.PURPOSE, Purpose.EMERGENCY.name(),
                Metadata.VALID_UNTIL, until.toString()), at));
    }

    /** Auditor {@code actorId}'s finding on break-glass {@code consentId} of the patient, signed by her. */
    public Transaction emergencyReviewed(String patientId, String actorId, String consentId, ReviewFinding finding,
                                         Instant at) {
        return submitted(unsigned(TransactionType.EMERGENCY_REVIEWED, patientId, actorId, Map.of(
                Metadata.CONSENT_ID, consentId, Metadata.FINDING, finding.name()), at));
    }

    /** {@code actorId} erases the patient's record, signed by him when he registered with this initiator. */
    public Transaction recordErased(String patientId, String actorId, String recordId, Instant at) {
        return submitted(unsigned(TransactionType.RECORD_ERASED, patientId, actorId,
                Map.of(Metadata.RECORD_ID, recordId), at));
    }

    /** This initiator's vault confirms it destroyed the record erasure {@code erasureId} names. */
    public Transaction erasureConfirmed(String patientId, String recordId, String erasureId, Instant at) {
        return sign(unsigned(TransactionType.ERASURE_CONFIRMED, patientId, Metadata.vaultOf(keyId()),
                Map.of(Metadata.RECORD_ID, recordId, Metadata.ERASURE_ID, erasureId), at));
    }

    public Transaction accessDenied(Transaction attempt, RejectionReason reason, Instant at) {
        return sign(unsigned(TransactionType.ACCESS_DENIED, attempt.patientId(), attempt.actorId(), Map.of(
                Metadata.RECORD_ID, attempt.meta(Metadata.RECORD_ID),
                Metadata.PURPOSE, attempt.meta(Metadata.PURPOSE),
                Metadata.ATTEMPT_ID, attempt.id(),
                Metadata.REASON, reason.name()), at));
    }

    /** The same request made by {@code actorId} instead (signed by her, when she is one of this initiator's users). */
    public Transaction madeBy(String actorId, Transaction request) {
        var metadata = new HashMap<>(request.metadata());
        metadata.remove(Metadata.USER_SIGNATURE);
        metadata.remove(Metadata.NOT_AFTER);
        return submitted(new Transaction(request.id(), request.type(), request.patientId(), actorId,
                request.payloadHash(), metadata, request.submittedAt(), request.initiator(), null));
    }

    /**
     * The request with this metadata instead, signed again as {@link #submitted} signs it: by its user too when it is
     * one she signs (a request changed after she signed it is made by her anew).
     */
    public Transaction resubmitted(Transaction tx, Map<String, String> metadata) {
        var changed = new HashMap<>(metadata);
        changed.remove(Metadata.USER_SIGNATURE);
        changed.remove(Metadata.NOT_AFTER);
        boolean userSigned = tx.meta(Metadata.USER_SIGNATURE) != null && users.containsKey(tx.actorId());
        var unsigned = new Transaction(tx.id(), tx.type(), tx.patientId(), tx.actorId(), tx.payloadHash(),
                userSigned ? changed : metadata, tx.submittedAt(), tx.initiator(), null);
        return userSigned ? submitted(unsigned) : sign(unsigned);
    }

    /**
     * As the transaction-service submits a request its user signed: consents and revocations, and reads and writes of
     * another's chart, carry the signature of the actor's key (when this initiator registered her) with
     * {@code notAfter}; then the envelope.
     */
    private Transaction submitted(Transaction unsigned) {
        Ed25519.SigningKey own = users.get(unsigned.actorId());
        boolean signs = switch (unsigned.type()) {
            case CONSENT_GRANTED, CONSENT_REVOKED -> true;
            case RECORD_ADDED, RECORD_ACCESSED -> !unsigned.actorId().equals(unsigned.patientId());
            case EMERGENCY_ACCESS, EMERGENCY_REVIEWED, RECORD_ERASED -> true;
            default -> false;
        };
        if (own == null || !signs) {
            return sign(unsigned);
        }
        var metadata = new HashMap<>(unsigned.metadata());
        metadata.put(Metadata.NOT_AFTER, unsigned.submittedAt().plus(SIGNED_FOR).toString());
        metadata.put(Metadata.USER_SIGNATURE, UserSignatures.sign(own, unsigned.type(), unsigned.patientId(),
                unsigned.actorId(), metadata));
        String payloadHash = committing(unsigned.type()) ? unsigned.payloadHash() : Transactions.metadataHash(metadata);
        return sign(new Transaction(unsigned.id(), unsigned.type(), unsigned.patientId(), unsigned.actorId(),
                payloadHash, metadata, unsigned.submittedAt(), unsigned.initiator(), null));
    }

    /** A short unique id with a prefix, so tests sharing the broker and database never meet. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static boolean committing(TransactionType type) {
        return type == TransactionType.RECORD_ADDED || type == TransactionType.EMERGENCY_ACCESS;
    }
}
