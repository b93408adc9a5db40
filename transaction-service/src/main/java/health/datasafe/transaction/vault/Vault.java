package health.datasafe.transaction.vault;

import health.datasafe.contracts.TransactionType;
import health.datasafe.transaction.initiator.ValidatorRejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The records and patient keys in schema {@code tx}. Only ciphertext and wrapped keys are stored; content exists in
 * plaintext only in memory, while it is sealed or opened. A record whose RECORD_ADDED is rejected is deleted.
 */
@Component
public class Vault {

    private static final Logger log = LoggerFactory.getLogger(Vault.class);

    private final JdbcClient jdbc;
    private final RecordCipher cipher;

    Vault(JdbcClient jdbc, RecordCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** Encrypts the content for the patient (creating the patient's key on first use); stores nothing of the record yet. */
    public SealedRecord seal(String patientId, String recordId, String contentType, byte[] content) {
        return cipher.seal(patientId, recordId, contentType, content, patientKey(patientId));
    }

    /** Stores a sealed record, added by the given transaction (whose row must exist). */
    public void store(SealedRecord sealed, String addedByTx) {
        jdbc.sql("""
                        INSERT INTO records (record_id, patient_id, content_type, ciphertext, iv, wrapped_data_key, salt,
                                             commitment, added_by_tx)
                        VALUES (:recordId, :patientId, :contentType, :ciphertext, :iv, :wrappedDataKey, :salt, :commitment,
                                :addedByTx)""")
                .param("recordId", sealed.recordId())
                .param("patientId", sealed.patientId())
                .param("contentType", sealed.contentType())
                .param("ciphertext", sealed.ciphertext())
                .param("iv", sealed.iv())
                .param("wrappedDataKey", sealed.wrappedDataKey())
                .param("salt", sealed.salt())
                .param("commitment", sealed.commitment())
                .param("addedByTx", addedByTx)
                .update();
    }

    /** The patient's sealed record, if the vault holds it. */
    public Optional<SealedRecord> find(String patientId, String recordId) {
        return jdbc.sql("""
                        SELECT record_id, patient_id, content_type, ciphertext, iv, wrapped_data_key, salt, commitment
                        FROM records WHERE record_id = :recordId AND patient_id = :patientId""")
                .param("recordId", recordId)
                .param("patientId", patientId)
                .query((rs, row) -> new SealedRecord(rs.getString("record_id"), rs.getString("patient_id"),
                        rs.getString("content_type"), rs.getBytes("ciphertext"), rs.getBytes("iv"),
                        rs.getBytes("wrapped_data_key"), rs.getBytes("salt"), rs.getString("commitment")))
                .optional();
    }

    /** Decrypts a sealed record. */
    public byte[] open(SealedRecord sealed) {
        byte[] patientKey = jdbc.sql("SELECT wrapped_key FROM patient_keys WHERE patient_id = :patientId")
                .param("patientId", sealed.patientId())
                .query(byte[].class)
                .optional()
                .orElseThrow(() -> new RecordUnreadable(sealed.recordId(), "the patient's key was erased"));
        return cipher.open(sealed, patientKey);
    }

    @EventListener
    void onRejected(ValidatorRejected rejected) {
        if (rejected.transaction().type() == TransactionType.RECORD_ADDED) {
            int deleted = jdbc.sql("DELETE FROM records WHERE added_by_tx = :tx")
                    .param("tx", rejected.transaction().id())
                    .update();
            if (deleted > 0) {
                log.info("Deleted record of rejected transaction {} ({})", rejected.transaction().id(), rejected.reason());
            }
        }
    }

    private byte[] patientKey(String patientId) {
        Optional<byte[]> existing = wrappedKeyOf(patientId);
        if (existing.isPresent()) {
            return existing.get();
        }
        jdbc.sql("INSERT INTO patient_keys (patient_id, wrapped_key) VALUES (:patientId, :wrappedKey) ON CONFLICT DO NOTHING")
                .param("patientId", patientId)
                .param("wrappedKey", cipher.newWrappedPatientKey(patientId))
                .update();
        return wrappedKeyOf(patientId).orElseThrow();
    }

    private Optional<byte[]> wrappedKeyOf(String patientId) {
        return jdbc.sql("SELECT wrapped_key FROM patient_keys WHERE patient_id = :patientId")
                .param("patientId", patientId)
                .query(byte[].class)
                .optional();
    }
}
