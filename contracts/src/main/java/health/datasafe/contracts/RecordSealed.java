package health.datasafe.contracts;

import java.time.Instant;

/**
 * On {@link Topics#VAULT_RECORDS}, keyed by record id: the vault sealed a record's content and stored its envelope.
 * It carries everything the vault's row holds, so the vault can be rebuilt from the topic, and nothing of the content
 * but its AES-256-GCM ciphertext. The content is bound to patient, record and content type as associated data; the
 * data key is wrapped by the patient's key (see {@link PatientKeyWrapped}) with the record id as associated data.
 * A tombstone (null value) under the record id withdraws an envelope whose RECORD_ADDED was rejected.
 *
 * @param recordId       the record's id, also the key
 * @param patientId      whose record it is
 * @param contentType    the bare media type the content was added as
 * @param ciphertext     base64 of the AES-256-GCM ciphertext of the content, the 16-byte tag appended
 * @param iv             base64 of the 12-byte nonce of that encryption
 * @param wrappedDataKey base64 of the record's data key encrypted under the patient's key (nonce first, tag last)
 * @param salt           base64 of the 32 random bytes of the commitment
 * @param commitment     lowercase hex SHA-256(salt || ciphertext): the payload hash of the RECORD_ADDED transaction
 * @param addedByTx      id of the RECORD_ADDED transaction that adds the record; the envelope stands only once that
 *                       transaction is committed with this commitment
 * @param sealedAt       when the vault stored it (its row's creation time), millisecond precision, UTC
 */
public record RecordSealed(String recordId, String patientId, String contentType, String ciphertext, String iv,
                           String wrappedDataKey, String salt, String commitment, String addedByTx, Instant sealedAt) {
}
