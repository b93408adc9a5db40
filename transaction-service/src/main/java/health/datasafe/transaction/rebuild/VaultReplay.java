package health.datasafe.transaction.rebuild;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.PatientKeyWrapped;
import health.datasafe.contracts.RecordSealed;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.contracts.TransactionSubmitted;
import health.datasafe.integrity.Sha256;
import health.datasafe.kit.kafka.EventReader;
import health.datasafe.kit.kafka.RecordRefused;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.util.Base64;
import java.util.List;

/**
 * Replays the vault, the rule of docs/events.md "Vault topics": of {@code dsh.vault.keys} and
 * {@code dsh.vault.records} each key's latest value counts. A patient key becomes its {@code patient_keys} row (a
 * tombstone removes it). An envelope becomes its {@code records} row only if its {@code addedByTx} is a RECORD_ADDED
 * (or the EMERGENCY_ACCESS whose reason it seals) the rebuilt transaction table holds as COMMITTED (so committed in a
 * verified block, {@link TransactionReplay}) or PENDING (a submission in flight: the live vault keeps its row until the
 * outcome arrives), for the same patient, with {@code metadata.recordId} (a break-glass's {@code consentId}) = the
 * record id and {@code payloadHash} = the commitment, and the commitment is
 * SHA-256(salt || ciphertext) of the envelope itself. Anything else (a tombstone, a transaction never committed, a
 * forged or malformed envelope) leaves no row; what is refused is counted and logged.
 */
@Component
class VaultReplay {

    private static final Logger log = LoggerFactory.getLogger(VaultReplay.class);
    private static final Base64.Decoder BASE64 = Base64.getDecoder();

    private final EventReader events;
    private final JsonMapper json;

    VaultReplay(EventReader events, JsonMapper json) {
        this.events = events;
        this.json = json;
    }

    long onKeys(JdbcTemplate target, List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().filter(record -> !applyKey(target, record)).count();
    }

    long onEnvelopes(JdbcTemplate target, List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().filter(record -> !applyEnvelope(target, record)).count();
    }

    /** Upserts or (tombstone, refused) deletes the patient's key; answers false if it refused the record. */
    private boolean applyKey(JdbcTemplate jdbc, ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            log.warn("Skipping patient key {}: no key", LogReplay.where(record));
            return false;
        }
        if (record.value() == null) {
            jdbc.update("DELETE FROM patient_keys WHERE patient_id = ?", record.key());
            return true;
        }
        try {
            PatientKeyWrapped key = events.read(record.value(), PatientKeyWrapped.class);
            if (!record.key().equals(key.patientId()) || key.wrappedAt() == null) {
                throw new RecordRefused("a patient key for " + key.patientId() + " under the Kafka key " + record.key()
                        + ", or without wrappedAt");
            }
            byte[] wrapped = decoded(key.wrappedKey(), "wrappedKey");
            jdbc.update("""
                    INSERT INTO patient_keys (patient_id, wrapped_key, created_at) VALUES (?, ?, ?)
                    ON CONFLICT (patient_id) DO UPDATE SET wrapped_key = EXCLUDED.wrapped_key,
                                                           created_at = EXCLUDED.created_at""",
                    key.patientId(), wrapped, Timestamp.from(key.wrappedAt()));
            return true;
        } catch (RecordRefused refused) {
            log.warn("Skipping patient key {}: {}", LogReplay.where(record), refused.reason());
            jdbc.update("DELETE FROM patient_keys WHERE patient_id = ?", record.key());
            return false;
        }
    }

    /** Upserts the envelope's row if it stands, else deletes the record id's row; answers false if it refused it. */
    private boolean applyEnvelope(JdbcTemplate jdbc, ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            log.warn("Skipping envelope {}: no key", LogReplay.where(record));
            return false;
        }
        jdbc.update("DELETE FROM records WHERE record_id = ?", record.key());
        if (record.value() == null) {
            return true;
        }
        try {
            RecordSealed sealed = events.read(record.value(), RecordSealed.class);
            if (!record.key().equals(sealed.recordId()) || sealed.patientId() == null || sealed.contentType() == null
                    || sealed.addedByTx() == null || sealed.commitment() == null || sealed.sealedAt() == null) {
                throw new RecordRefused("an envelope under the Kafka key " + record.key() + " for record "
                        + sealed.recordId() + ", or without patient, content type, transaction, commitment or time");
            }
            byte[] ciphertext = decoded(sealed.ciphertext(), "ciphertext");
            byte[] salt = decoded(sealed.salt(), "salt");
            if (!Sha256.hex(salt, ciphertext).equals(sealed.commitment())) {
                throw new RecordRefused("record " + sealed.recordId() + ": the ciphertext does not match its commitment");
            }
            Transaction tx = addedBy(jdbc, sealed);
            if (!sealed.recordId().equals(sealedId(tx)) || !sealed.commitment().equals(tx.payloadHash())
                    || !sealed.patientId().equals(tx.patientId())) {
                throw new RecordRefused("record " + sealed.recordId() + ": transaction " + tx.id()
                        + " adds record " + sealedId(tx) + " of patient " + tx.patientId()
                        + " with payload hash " + tx.payloadHash() + ", not this envelope");
            }
            jdbc.update("""
                            INSERT INTO records (record_id, patient_id, content_type, ciphertext, iv, wrapped_data_key,
                                                 salt, commitment, added_by_tx, created_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    sealed.recordId(), sealed.patientId(), sealed.contentType(), ciphertext,
                    decoded(sealed.iv(), "iv"), decoded(sealed.wrappedDataKey(), "wrappedDataKey"), salt,
                    sealed.commitment(), sealed.addedByTx(), Timestamp.from(sealed.sealedAt()));
            return true;
        } catch (RecordRefused refused) {
            log.warn("Not restoring envelope {}: {}", LogReplay.where(record), refused.reason());
            return false;
        }
    }

    /**
     * The RECORD_ADDED that added the envelope, COMMITTED or PENDING in the rebuilt table; else {@link RecordRefused}.
     */
    private Transaction addedBy(JdbcTemplate jdbc, RecordSealed sealed) {
        List<String> submitted = jdbc.queryForList("""
                SELECT signed_json FROM transactions
                WHERE id = ? AND status IN ('COMMITTED', 'PENDING') AND type IN ('RECORD_ADDED', 'EMERGENCY_ACCESS')""",
                String.class, sealed.addedByTx());
        if (submitted.isEmpty()) {
            throw new RecordRefused("record " + sealed.recordId() + ": its transaction " + sealed.addedByTx()
                    + " is neither committed nor in flight");
        }
        Transaction tx = json.readValue(submitted.getFirst(), TransactionSubmitted.class).transaction();
        if (tx == null || !sealed.addedByTx().equals(tx.id())) {
            throw new RecordRefused("record " + sealed.recordId() + ": the stored submission of " + sealed.addedByTx()
                    + " is not that transaction");
        }
        return tx;
    }

    /** The id of what the transaction seals in the vault: a record's, or the window's of a break-glass's reason. */
    private static String sealedId(Transaction tx) {
        return tx.type() == TransactionType.EMERGENCY_ACCESS ? tx.meta(Metadata.CONSENT_ID) : tx.meta(Metadata.RECORD_ID);
    }

    private static byte[] decoded(String base64, String field) {
        if (base64 == null) {
            throw new RecordRefused("no " + field);
        }
        try {
            return BASE64.decode(base64);
        } catch (IllegalArgumentException e) {
            throw new RecordRefused(field + " is not base64");
        }
    }
}
