package health.datasafe.contracts;

import java.time.Instant;

/**
 * On {@link Topics#VAULT_KEYS}, keyed by patient id: the vault made a patient's key and stored it wrapped by its
 * master key. It carries everything the vault's row holds, never the key itself. Whatever erases a patient's key
 * (crypto-shredding every record of the patient) must also write a tombstone (null value) under the patient id.
 *
 * @param patientId  whose key it is, also the key of the Kafka record
 * @param wrappedKey base64 of the patient's 32-byte AES key encrypted (AES-256-GCM, nonce first, tag last) under the
 *                   vault master key, with the patient id as associated data
 * @param wrappedAt  when the vault stored it (its row's creation time), millisecond precision, UTC
 */
public record PatientKeyWrapped(String patientId, String wrappedKey, Instant wrappedAt) {
}
