package health.datasafe.transaction.initiator;

import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Transactions;

import java.util.Map;

/**
 * A transaction this service is about to initiate, before it has an id, a time and a signature: what it records.
 *
 * @param patientId   the patient it concerns; null for an identity that is not a patient's
 * @param payloadHash what the transaction commits to: the SHA-256 of its canonical metadata ({@link #of}), or a
 *                    commitment to content kept elsewhere ({@link #committing}), null when there is none
 */
public record Draft(TransactionType type, String patientId, String actorId, Map<String, String> metadata,
                    String payloadHash) {

    public Draft {
        metadata = Map.copyOf(metadata);
    }

    /** A transaction whose payload is its metadata: the payload hash is the metadata's hash. */
    public static Draft of(TransactionType type, String patientId, String actorId, Map<String, String> metadata) {
        return new Draft(type, patientId, actorId, metadata, Transactions.metadataHash(metadata));
    }

    /**
     * A transaction about content kept elsewhere (a record in the vault): the payload hash is {@code commitment}, the
     * record's SHA-256(salt ‖ ciphertext), or null when there is no such content to commit to.
     */
    public static Draft committing(TransactionType type, String patientId, String actorId, Map<String, String> metadata,
                                   String commitment) {
        return new Draft(type, patientId, actorId, metadata, commitment);
    }
}
