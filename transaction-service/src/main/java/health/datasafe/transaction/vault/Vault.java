package health.datasafe.transaction.vault;

import health.datasafe.contracts.TransactionType;
import health.datasafe.transaction.initiator.ValidatorRejected;
import health.datasafe.transaction.rebuild.WritingResumed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The records and patient keys in schema {@code tx}, and on the vault topics. Only ciphertext and wrapped keys are
 * stored; content exists in plaintext only in memory, while it is sealed or opened. Every row written goes to its
 * topic ({@link VaultLog}) inside the database transaction that writes it, awaited: if Kafka does not take it, the
 * row is rolled back and the write fails with {@link VaultUnreachable}, so nothing the vault acknowledges lives only
 * in its database. A record whose RECORD_ADDED is rejected is deleted, and its envelope withdrawn; so is the reason of a
 * rejected break-glass (EMERGENCY_ACCESS).
 */
@Component
public class Vault {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Logger log = LoggerFactory.getLogger(Vault.class);
    /** How many patients' wrapped keys are remembered; past that, the memory starts over. */
    private static final int REMEMBERED_KEYS = 50_000;

    private final JdbcClient jdbc;
    private final RecordCipher cipher;
    private final VaultLog topics;
    private final TransactionTemplate transactions;
    /** Wrapped patient keys as stored: a patient's key never changes once made, so it is read once, to seal records. */
    private final ConcurrentHashMap<String, byte[]> wrappedKeys = new ConcurrentHashMap<>();

    Vault(JdbcClient jdbc, RecordCipher cipher, VaultLog topics, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.topics = topics;
        this.transactions = transactions;
    }

    /**
     * Encrypts the content for the patient (creating the patient's key on first use, on its topic before it is used);
     * stores nothing of the record yet.
     */
    public SealedRecord seal(String patientId, String recordId, String contentType, byte[] content) {
        return cipher.seal(patientId, recordId, contentType, content, patientKey(patientId));
    }

    /**
     * Stores a sealed record, added by the given transaction (whose row must exist), and puts its envelope on
     * {@link health.datasafe.contracts.Topics#VAULT_RECORDS}; run it inside the database transaction that stores the
     * transaction, which {@link VaultUnreachable} then rolls back.
     */
    public void store(SealedRecord sealed, String addedByTx) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try {
            insert(sealed, addedByTx, now);
        } catch (DuplicateKeyException e) {
            // only a record id its writer chose can be taken; a generated one is a fresh UUID
            throw new RecordIdTaken(sealed.recordId());
        }
        topics.sealed(sealed, addedByTx, now);
    }

    private void insert(SealedRecord sealed, String addedByTx, Instant now) {
        jdbc.sql("""
                        INSERT INTO records (record_id, patient_id, content_type, ciphertext, iv, wrapped_data_key, salt,
                                             commitment, added_by_tx, created_at)
                        VALUES (:recordId, :patientId, :contentType, :ciphertext, :iv, :wrappedDataKey, :salt, :commitment,
                                :addedByTx, :createdAt)""")
                .param("recordId", sealed.recordId())
                .param("patientId", sealed.patientId())
                .param("contentType", sealed.contentType())
                .param("ciphertext", sealed.ciphertext())
                .param("iv", sealed.iv())
                .param("wrappedDataKey", sealed.wrappedDataKey())
                .param("salt", sealed.salt())
                .param("commitment", sealed.commitment())
                .param("addedByTx", addedByTx)
                .param("createdAt", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .update();
    }

    /**
     * Withdraws the envelope of a record whose transaction could not be submitted after all (its row went with the
     * transaction). Best effort: the broker is likely what failed; an envelope left behind has no committed
     * RECORD_ADDED and is ignored by whoever rebuilds the vault.
     */
    public void withdraw(SealedRecord sealed) {
        try {
            topics.withdrawn(sealed.recordId());
        } catch (VaultUnreachable e) {
            log.warn("Could not withdraw the envelope of record {} from {}: {}", sealed.recordId(), e.topic(),
                    e.getCause() == null ? e.getMessage() : e.getCause().toString());
        }
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

    /**
     * Crypto-shreds a record its patient erased: withdraws its envelope from the vault topic (a tombstone, so a rebuild
     * restores nothing of it and compaction removes the envelope) and deletes its row, with the salt, the wrapped data
     * key and the ciphertext; {@link VaultUnreachable} when the broker does not take the tombstone, and nothing is
     * deleted. Answers whether a row was there; erasing what is gone changes nothing.
     */
    public boolean erase(String patientId, String recordId) {
        topics.withdrawn(recordId);
        int deleted = jdbc.sql("DELETE FROM records WHERE record_id = :recordId AND patient_id = :patientId")
                .param("recordId", recordId)
                .param("patientId", patientId)
                .update();
        return deleted > 0;
    }

    /**
     * 32 random bytes in hex: shaped like a record's commitment, and the commitment of nothing anyone holds. A
     * transaction about a patient nobody registered commits to it, so it is submitted and refused like any other,
     * and the vault keeps nothing (mints no key) for the id.
     */
    public static String commitmentToNothing() {
        byte[] nothing = new byte[32];
        RANDOM.nextBytes(nothing);
        return HexFormat.of().formatHex(nothing);
    }

    /** Whether the vault holds, under this id, the written reason of a break-glass on the patient's records. */
    public boolean holdsBreakGlassReason(String patientId, String recordId) {
        return jdbc.sql("""
                        SELECT count(*) FROM records r JOIN transactions t ON t.id = r.added_by_tx
                        WHERE r.record_id = :recordId AND r.patient_id = :patientId AND t.type = :type""")
                .param("recordId", recordId)
                .param("patientId", patientId)
                .param("type", TransactionType.EMERGENCY_ACCESS.name())
                .query(Long.class)
                .single() > 0;
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
        TransactionType type = rejected.transaction().type();
        if (type != TransactionType.RECORD_ADDED && type != TransactionType.EMERGENCY_ACCESS) {
            return;
        }
        List<String> recordIds = jdbc.sql("SELECT record_id FROM records WHERE added_by_tx = :tx")
                .param("tx", rejected.transaction().id())
                .query(String.class)
                .list();
        // withdrawn before deleted: a redelivered rejection finds the row and withdraws again if this failed
        recordIds.forEach(topics::withdrawn);
        int deleted = jdbc.sql("DELETE FROM records WHERE added_by_tx = :tx")
                .param("tx", rejected.transaction().id())
                .update();
        if (deleted > 0) {
            log.info("Deleted record of rejected transaction {} ({})", rejected.transaction().id(), rejected.reason());
        }
    }

    /**
     * The patient's wrapped key, made on first use. A new key is stored and put on
     * {@link health.datasafe.contracts.Topics#VAULT_KEYS} in one database transaction, so a concurrent first use waits
     * for it (on the primary key) and sees it only once it is on the topic; if the topic does not take it, it is
     * rolled back and {@link VaultUnreachable} thrown.
     */
    private byte[] patientKey(String patientId) {
        Optional<byte[]> existing = wrappedKeyOf(patientId);
        if (existing.isPresent()) {
            return existing.get();
        }
        transactions.executeWithoutResult(status -> {
            byte[] wrapped = cipher.newWrappedPatientKey(patientId);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            int inserted = jdbc.sql("""
                            INSERT INTO patient_keys (patient_id, wrapped_key, created_at)
                            VALUES (:patientId, :wrappedKey, :createdAt) ON CONFLICT DO NOTHING""")
                    .param("patientId", patientId)
                    .param("wrappedKey", wrapped)
                    .param("createdAt", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                    .update();
            if (inserted == 1) {
                topics.keyWrapped(patientId, wrapped, now);
            }
        });
        return wrappedKeyOf(patientId).orElseThrow();
    }

    private Optional<byte[]> wrappedKeyOf(String patientId) {
        byte[] known = wrappedKeys.get(patientId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<byte[]> stored = jdbc.sql("SELECT wrapped_key FROM patient_keys WHERE patient_id = :patientId")
                .param("patientId", patientId)
                .query(byte[].class)
                .optional();
        stored.ifPresent(wrapped -> {
            if (wrappedKeys.size() >= REMEMBERED_KEYS) {
                wrappedKeys.clear();
            }
            wrappedKeys.put(patientId, wrapped);
        });
        return stored;
    }

    @EventListener
    void onWritingResumed(WritingResumed resumed) {
        wrappedKeys.clear();
    }
}
