package health.datasafe.transaction.vault;

/**
 * A record as the vault keeps it: never the content, only its AES-256-GCM ciphertext and what is needed to open it
 * with the patient's key.
 *
 * @param ciphertext     AES-256-GCM ciphertext of the content, the 16-byte tag appended
 * @param iv             the 96-bit random IV of that encryption
 * @param wrappedDataKey the record's own data key, encrypted (AES-256-GCM, IV first) under the patient's key
 * @param salt           32 random bytes, so the commitment cannot be used to confirm a guess of the content
 * @param commitment     lowercase hex SHA-256(salt || ciphertext): the RECORD_ADDED payload hash
 */
public record SealedRecord(String recordId, String patientId, String contentType, byte[] ciphertext, byte[] iv,
                           byte[] wrappedDataKey, byte[] salt, String commitment) {
}
