package health.datasafe.transaction.rebuild;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.PatientKeyWrapped;
import health.datasafe.contracts.RecordSealed;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionSubmitted;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Sha256;
import health.datasafe.kit.kafka.BlockScreen;
import health.datasafe.kit.kafka.EventReader;
import health.datasafe.kit.kafka.RecordRefused;
import health.datasafe.kit.rebuild.Replay;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Replays the vault into a (migrated) transaction-service schema, the rule of docs/events.md "Vault topics": reads
 * {@link Topics#LEDGER_BLOCKS}, {@link Topics#VAULT_KEYS} and {@link Topics#VAULT_RECORDS} from the beginning up to
 * where each partition ended when the call began, and keeps each key's latest value. A patient key becomes its
 * {@code patient_keys} row (a tombstone removes it). An envelope becomes its {@code records} row only if its
 * {@code addedByTx} is a RECORD_ADDED committed in a block that {@link BlockScreen#verified} passes (hashes, Merkle
 * root, ledger signature), for the same patient, with {@code metadata.recordId} = the record id and
 * {@code payloadHash} = the commitment, and the commitment is SHA-256(salt || ciphertext) of the envelope itself; or,
 * for a submission still in flight, if that transaction is PENDING in the service's own table with the same
 * record id and payload hash (the live vault keeps such a row until the outcome arrives). Anything else (a tombstone,
 * a transaction never committed, a forged or malformed envelope) leaves no row; what is refused is counted and logged.
 *
 * <p>The transaction table and the identities are not rebuilt from the topics: each call first carries them over from
 * the live schema (they are what the records' foreign key points at). A committed RECORD_ADDED the live table lacks
 * (the live schema is gone) gets a COMMITTED row made from the verified block, so its record can stand.
 *
 * <p>Each call reads everything again (each poll batch written in one database transaction; rows are upserted or
 * deleted, so reading twice ends where reading once does): the topics are compacted, so that is about the vault's
 * size; going on from stored offsets is left for later.
 */
@Component
class VaultReplay {

    private static final Logger log = LoggerFactory.getLogger(VaultReplay.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final String CLIENT_ID = "transaction-replay";
    private static final List<String> TOPICS = List.of(Topics.LEDGER_BLOCKS, Topics.VAULT_KEYS, Topics.VAULT_RECORDS);
    private static final Base64.Decoder BASE64 = Base64.getDecoder();
    static final List<String> TRANSACTION_COLUMNS = List.of("id", "type", "patient_id", "actor_id", "status", "reason",
            "detail", "shard", "block_height", "tx_hash", "leaf_index", "created_at", "signed_json", "submitted_hash",
            "published_at", "receipt");
    static final List<String> IDENTITY_COLUMNS = List.of("actor_id", "role", "status", "registered_by_tx",
            "registered_at");

    private final ConsumerFactory<String, byte[]> consumers;
    private final BlockScreen blocks;
    private final EventReader events;
    private final JsonMapper json;
    private final JdbcTemplate live;

    VaultReplay(ConsumerFactory<String, byte[]> consumers, BlockScreen blocks, EventReader events, JsonMapper json,
                JdbcTemplate live) {
        this.consumers = consumers;
        this.blocks = blocks;
        this.events = events;
        this.json = json;
        this.live = live;
    }

    /** A committed RECORD_ADDED as its verified block states it. */
    private record Committed(CommittedTransaction committed, int shard, long height) {

        Transaction tx() {
            return committed.transaction();
        }
    }

    /** What one replay call read and wrote. */
    record Replayed(long recordsRead, long committedRecordAdds, long patientKeys, long records, long refused) {
    }

    Replayed replay(DataSource target, java.util.function.Consumer<Replay.Progress> progress) {
        var jdbc = new JdbcTemplate(target);
        var inOneTransaction = new TransactionTemplate(new DataSourceTransactionManager(target));
        carryOverFromLive(jdbc);
        var counts = new long[3]; // keys, records, refused
        var committed = new HashMap<String, Committed>();
        var neverCommits = new Properties();
        neverCommits.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (Consumer<String, byte[]> consumer = consumers.createConsumer(null, CLIENT_ID, null, neverCommits)) {
            var partitions = new HashMap<String, List<TopicPartition>>();
            var all = new ArrayList<TopicPartition>();
            for (String topic : TOPICS) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalStateException(topic + " has no partitions");
                }
                List<TopicPartition> ofTopic = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                partitions.put(topic, ofTopic);
                all.addAll(ofTopic);
            }
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(all);
            Map<TopicPartition, Long> end = consumer.endOffsets(all);
            long total = all.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
            long[] read = {0};
            log.info("Replaying {} records of {} into a vault", total, TOPICS);
            Function<List<ConsumerRecord<String, byte[]>>, Long> onBlocks = batch -> {
                for (var record : batch) {
                    counts[2] += collectCommitted(record, committed);
                }
                return (long) batch.size();
            };
            Function<List<ConsumerRecord<String, byte[]>>, Long> onKeys = batch -> {
                inOneTransaction.executeWithoutResult(status -> batch.forEach(record -> {
                    int[] kept = applyKey(jdbc, record);
                    counts[0] += kept[0];
                    counts[2] += kept[1];
                }));
                return (long) batch.size();
            };
            Function<List<ConsumerRecord<String, byte[]>>, Long> onRecords = batch -> {
                inOneTransaction.executeWithoutResult(status -> batch.forEach(record -> {
                    int[] kept = applyEnvelope(jdbc, record, committed);
                    counts[1] += kept[0];
                    counts[2] += kept[1];
                }));
                return (long) batch.size();
            };
            for (String topic : TOPICS) {
                var handler = switch (topic) {
                    case Topics.LEDGER_BLOCKS -> onBlocks;
                    case Topics.VAULT_KEYS -> onKeys;
                    default -> onRecords;
                };
                readTopic(consumer, partitions.get(topic), end, batch -> {
                    read[0] += handler.apply(batch);
                    progress.accept(new Replay.Progress(read[0], total));
                });
            }
            long keys = jdbc.queryForObject("SELECT count(*) FROM patient_keys", Long.class);
            long records = jdbc.queryForObject("SELECT count(*) FROM records", Long.class);
            var replayed = new Replayed(read[0], committed.size(), keys, records, counts[2]);
            log.info("Replayed {} records of {}: {} committed RECORD_ADDED, {} patient keys and {} records in the"
                            + " rebuilt vault, {} records refused", replayed.recordsRead(), TOPICS,
                    replayed.committedRecordAdds(), keys, records, replayed.refused());
            return replayed;
        }
    }

    /**
     * Copies the live transaction table and identities into the target (the live values win), if the live schema
     * can be read; answers whether it could.
     */
    boolean carryOverFromLive(JdbcTemplate target) {
        String liveSchema = live.queryForObject("SELECT current_schema()", String.class);
        if (liveSchema == null || live.queryForObject("SELECT to_regclass(?)", String.class,
                quoted(liveSchema) + ".transactions") == null) {
            log.warn("The live schema {} cannot be read: no transactions or identities to carry over", liveSchema);
            return false;
        }
        copy(target, liveSchema, "transactions", "id", TRANSACTION_COLUMNS);
        copy(target, liveSchema, "identities", "actor_id", IDENTITY_COLUMNS);
        return true;
    }

    private static void copy(JdbcTemplate target, String liveSchema, String table, String key, List<String> columns) {
        String list = String.join(", ", columns);
        String updates = String.join(", ", columns.stream().filter(c -> !c.equals(key))
                .map(c -> c + " = EXCLUDED." + c).toList());
        int copied = target.update("INSERT INTO %s (%s) SELECT %s FROM %s.%s ON CONFLICT (%s) DO UPDATE SET %s"
                .formatted(table, list, list, quoted(liveSchema), table, key, updates));
        log.info("Carried over {} rows of {}.{}", copied, liveSchema, table);
    }

    private static String quoted(String schema) {
        return health.datasafe.kit.rebuild.Schemas.quoted(schema);
    }

    /** Reads the partitions from their beginning up to {@code end}, handing each poll's records over. */
    private static void readTopic(Consumer<String, byte[]> consumer, List<TopicPartition> partitions,
                                  Map<TopicPartition, Long> end,
                                  java.util.function.Consumer<List<ConsumerRecord<String, byte[]>>> handler) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        while (!partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
            var batch = new ArrayList<ConsumerRecord<String, byte[]>>();
            for (var record : consumer.poll(POLL_TIMEOUT)) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    batch.add(record); // later ones: the next call reads them
                }
            }
            handler.accept(batch);
        }
    }

    /** Adds the block's RECORD_ADDED transactions, if it passes the screen; answers 1 if it is refused. */
    private int collectCommitted(ConsumerRecord<String, byte[]> record, Map<String, Committed> committed) {
        if (record.value() == null) {
            return 0;
        }
        try {
            BlockCommitted block = blocks.verified(record.value());
            for (CommittedTransaction tx : block.transactions()) {
                if (tx.transaction().type() == TransactionType.RECORD_ADDED) {
                    committed.putIfAbsent(tx.transaction().id(),
                            new Committed(tx, block.header().shard(), block.header().height()));
                }
            }
            return 0;
        } catch (RecordRefused refused) {
            log.warn("Skipping block {}: {}", where(record), refused.reason());
            return 1;
        }
    }

    /** Upserts or (tombstone, refused) deletes the patient's key; answers {kept, refused}. */
    private int[] applyKey(JdbcTemplate jdbc, ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            log.warn("Skipping patient key {}: no key", where(record));
            return new int[]{0, 1};
        }
        if (record.value() == null) {
            jdbc.update("DELETE FROM patient_keys WHERE patient_id = ?", record.key());
            return new int[]{0, 0};
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
            return new int[]{1, 0};
        } catch (RecordRefused refused) {
            log.warn("Skipping patient key {}: {}", where(record), refused.reason());
            jdbc.update("DELETE FROM patient_keys WHERE patient_id = ?", record.key());
            return new int[]{0, 1};
        }
    }

    /** Upserts the envelope's row if it stands, else deletes the record id's row; answers {kept, refused}. */
    private int[] applyEnvelope(JdbcTemplate jdbc, ConsumerRecord<String, byte[]> record,
                                Map<String, Committed> committed) {
        if (record.key() == null) {
            log.warn("Skipping envelope {}: no key", where(record));
            return new int[]{0, 1};
        }
        jdbc.update("DELETE FROM records WHERE record_id = ?", record.key());
        if (record.value() == null) {
            return new int[]{0, 0};
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
            Transaction tx = addedBy(jdbc, sealed, committed);
            if (!sealed.recordId().equals(tx.meta(Metadata.RECORD_ID)) || !sealed.commitment().equals(tx.payloadHash())
                    || !sealed.patientId().equals(tx.patientId())) {
                throw new RecordRefused("record " + sealed.recordId() + ": transaction " + tx.id()
                        + " adds record " + tx.meta(Metadata.RECORD_ID) + " of patient " + tx.patientId()
                        + " with payload hash " + tx.payloadHash() + ", not this envelope");
            }
            jdbc.update("""
                            INSERT INTO records (record_id, patient_id, content_type, ciphertext, iv, wrapped_data_key,
                                                 salt, commitment, added_by_tx, created_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    sealed.recordId(), sealed.patientId(), sealed.contentType(), ciphertext,
                    decoded(sealed.iv(), "iv"), decoded(sealed.wrappedDataKey(), "wrappedDataKey"), salt,
                    sealed.commitment(), sealed.addedByTx(), Timestamp.from(sealed.sealedAt()));
            return new int[]{1, 0};
        } catch (RecordRefused refused) {
            log.warn("Not restoring envelope {}: {}", where(record), refused.reason());
            return new int[]{0, 1};
        }
    }

    /**
     * The RECORD_ADDED that added the envelope: committed in a verified block (its transaction row made from the block
     * if the target lacks it), or PENDING in the service's own table; else {@link RecordRefused}.
     */
    private Transaction addedBy(JdbcTemplate jdbc, RecordSealed sealed, Map<String, Committed> committed) {
        Committed inBlock = committed.get(sealed.addedByTx());
        if (inBlock != null) {
            ensureCommittedRow(jdbc, inBlock);
            return inBlock.tx();
        }
        List<String> pending = jdbc.queryForList("""
                SELECT signed_json FROM transactions WHERE id = ? AND status = 'PENDING' AND type = 'RECORD_ADDED'""",
                String.class, sealed.addedByTx());
        if (pending.isEmpty()) {
            throw new RecordRefused("record " + sealed.recordId() + ": its transaction " + sealed.addedByTx()
                    + " is not committed in any block read, nor in flight");
        }
        Transaction tx = json.readValue(pending.getFirst(), TransactionSubmitted.class).transaction();
        if (tx == null || !sealed.addedByTx().equals(tx.id())) {
            throw new RecordRefused("record " + sealed.recordId() + ": the stored submission of " + sealed.addedByTx()
                    + " is not that transaction");
        }
        return tx;
    }

    private void ensureCommittedRow(JdbcTemplate jdbc, Committed inBlock) {
        Transaction tx = inBlock.tx();
        int made = jdbc.update("""
                        INSERT INTO transactions (id, type, patient_id, actor_id, status, shard, block_height, tx_hash,
                                                  leaf_index, created_at, signed_json, submitted_hash, published_at)
                        VALUES (?, ?, ?, ?, 'COMMITTED', ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (id) DO NOTHING""",
                tx.id(), tx.type().name(), tx.patientId(), tx.actorId(), inBlock.shard(), inBlock.height(),
                inBlock.committed().txHash(), inBlock.committed().leafIndex(),
                Timestamp.from(tx.submittedAt() == null ? Instant.now() : tx.submittedAt()),
                json.writeValueAsString(new TransactionSubmitted(tx)), inBlock.committed().txHash(),
                Timestamp.from(Instant.now()));
        if (made == 1) {
            log.info("Made the transaction row of {} from block {}/{}: the live table lacks it", tx.id(),
                    inBlock.shard(), inBlock.height());
        }
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

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
