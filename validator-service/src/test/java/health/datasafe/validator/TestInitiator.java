package health.datasafe.validator;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Sha256;
import health.datasafe.integrity.Transactions;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Builds transactions as the transaction-service would, signed with a key of its own. */
public final class TestInitiator {

    private final Ed25519.SigningKey key;

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

    /** An unsigned transaction with a fresh id, this initiator named, and a payload hash fitting its type. */
    public Transaction unsigned(TransactionType type, String patientId, String actorId, Map<String, String> metadata,
                                Instant at) {
        String payloadHash = type == TransactionType.RECORD_ADDED
                ? Sha256.hex(("ciphertext of " + metadata).getBytes(StandardCharsets.UTF_8))
                : Transactions.metadataHash(metadata);
        return new Transaction(UUID.randomUUID().toString(), type, patientId, actorId, payloadHash, metadata, at,
                keyId(), null);
    }

    public Transaction patient(String patientId, Instant at) {
        return sign(unsigned(TransactionType.IDENTITY_REGISTERED, patientId, patientId,
                Map.of(Metadata.ROLE, Role.PATIENT.name()), at));
    }

    public Transaction identity(String actorId, Role role, Instant at) {
        if (role == Role.PATIENT) {
            return patient(actorId, at);
        }
        return sign(unsigned(TransactionType.IDENTITY_REGISTERED, null, actorId, Map.of(Metadata.ROLE, role.name()), at));
    }

    public Transaction recordAdded(String patientId, String actorId, String recordId, Instant at) {
        return sign(unsigned(TransactionType.RECORD_ADDED, patientId, actorId,
                Map.of(Metadata.RECORD_ID, recordId, Metadata.CONTENT_TYPE, "application/fhir+json"), at));
    }

    public Transaction consentGranted(String patientId, String consentId, String grantee, Purpose purpose,
                                      Instant validFrom, Instant validUntil, Instant at) {
        return sign(unsigned(TransactionType.CONSENT_GRANTED, patientId, patientId, Map.of(
                Metadata.CONSENT_ID, consentId,
                Metadata.GRANTEE, grantee,
                Metadata.ACTION, "read",
                Metadata.PURPOSE, purpose.name(),
                Metadata.VALID_FROM, validFrom.toString(),
                Metadata.VALID_UNTIL, validUntil.toString()), at));
    }

    public Transaction consentRevoked(String patientId, String actorId, String consentId, Instant at) {
        return sign(unsigned(TransactionType.CONSENT_REVOKED, patientId, actorId,
                Map.of(Metadata.CONSENT_ID, consentId), at));
    }

    public Transaction recordAccessed(String patientId, String actorId, String recordId, Purpose purpose, Instant at) {
        return sign(unsigned(TransactionType.RECORD_ACCESSED, patientId, actorId,
                Map.of(Metadata.RECORD_ID, recordId, Metadata.PURPOSE, purpose.name()), at));
    }

    public Transaction accessDenied(Transaction attempt, RejectionReason reason, Instant at) {
        return sign(unsigned(TransactionType.ACCESS_DENIED, attempt.patientId(), attempt.actorId(), Map.of(
                Metadata.RECORD_ID, attempt.meta(Metadata.RECORD_ID),
                Metadata.PURPOSE, attempt.meta(Metadata.PURPOSE),
                Metadata.ATTEMPT_ID, attempt.id(),
                Metadata.REASON, reason.name()), at));
    }

    /** A short unique id with a prefix, so tests sharing the broker and database never meet. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
