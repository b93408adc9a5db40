package health.datasafe.contracts;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One ledger transaction, exactly as it is signed, hashed and committed.
 *
 * <p>It carries no health content: {@code payloadHash} commits to the content (for records,
 * SHA-256(salt || ciphertext), salt kept in the vault; otherwise SHA-256 of the canonical JSON of
 * {@code metadata}) and {@code metadata} holds only ids, purposes, periods and roles.
 *
 * <p>The initiator signs the RFC 8785 canonical JSON of this record with {@code signature} left out;
 * the tx hash is SHA-256 of the canonical JSON with the signature in. Absent (null) fields are
 * omitted from the JSON. See docs/ledger-format.md.
 *
 * @param id          UUID of this transaction
 * @param type        what it records
 * @param patientId   whose history it belongs to; null only for a non-patient's IDENTITY_REGISTERED
 * @param actorId     who acted (for IDENTITY_REGISTERED: the identity registered)
 * @param payloadHash lowercase hex SHA-256 commitment, see above; may be null for RECORD_ACCESSED/ACCESS_DENIED of an unknown record
 * @param metadata    type-specific facts without health content, keys in {@link Metadata}
 * @param submittedAt when the initiator created it, millisecond precision, UTC
 * @param initiator   key id of the initiator that signed it
 * @param signature   base64 Ed25519 signature, null while unsigned
 */
public record Transaction(
        String id,
        TransactionType type,
        String patientId,
        String actorId,
        String payloadHash,
        Map<String, String> metadata,
        Instant submittedAt,
        String initiator,
        String signature) {

    public Transaction {
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    /** The Kafka key: the patient, or for a non-patient identity the actor itself. */
    public String partitionKey() {
        return patientId != null ? patientId : actorId;
    }

    public String meta(String key) {
        return metadata.get(key);
    }

    public Transaction unsigned() {
        return withSignature(null);
    }

    public Transaction withSignature(String signature) {
        return new Transaction(id, type, patientId, actorId, payloadHash, metadata, submittedAt, initiator, signature);
    }
}
