package health.datasafe.contracts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kafka topic names and the topic-level configs each is created with. The transaction and ledger topics are keyed
 * by {@link Transaction#partitionKey()}, so one patient's history keeps its order (blocks by shard, checkpoints by
 * origin); the vault topics are keyed by what they hold the latest value of.
 *
 * <p>Nothing of the record expires: the transaction, block, checkpoint and notification topics keep every record for ever
 * ({@link #KEPT_FOR_EVER}); the vault topics are compacted, so each key keeps at least its latest value for ever
 * ({@link #COMPACTED}). Dead-letter topics use the broker's defaults: what they hold is a copy of a record that
 * stays on its own topic. Every creator of topics (service-kit's TopicSetup, the devstack, the tests' broker and the
 * docker compose job) takes the configs from {@link #configs(String)}.
 */
public final class Topics {

    /** Signed transactions from the initiator, awaiting validation. */
    public static final String TX_SUBMITTED = "dsh.tx.submitted";
    /** Transactions the validator accepted, and the epoch ends that cut them into blocks; each partition is one ledger shard. */
    public static final String TX_VALIDATED = "dsh.tx.validated";
    /** Transactions the validator refused, with the reason. */
    public static final String TX_REJECTED = "dsh.tx.rejected";
    /** Blocks the ledger committed, with their transactions. */
    public static final String LEDGER_BLOCKS = "dsh.ledger.blocks";
    /** Every ledger node's signature on every block hash it committed ({@link BlockSigned}), keyed by shard. */
    public static final String LEDGER_SIGNATURES = "dsh.ledger.signatures";
    /** Signed checkpoints of every shard's Merkle log ({@link CheckpointSigned}), keyed by origin. */
    public static final String LEDGER_CHECKPOINTS = "dsh.ledger.checkpoints";
    /** Integrity incidents the recovery center found ({@link IntegrityAlertRaised}), one record per incident, keyed by shard. */
    public static final String INTEGRITY_ALERTS = "dsh.integrity.alerts";
    /**
     * What each patient must learn of ({@link PatientNotified}: a break-glass on her records, her key replaced), keyed
     * by patient id; derived by the report-service from committed blocks.
     */
    public static final String PATIENT_NOTIFICATIONS = "dsh.patient.notifications";
    /** Every sealed record's envelope ({@link RecordSealed}), keyed by record id; compacted. */
    public static final String VAULT_RECORDS = "dsh.vault.records";
    /** Every patient key, wrapped by the vault master key ({@link PatientKeyWrapped}), keyed by patient id; compacted. */
    public static final String VAULT_KEYS = "dsh.vault.keys";

    /** Suffix of the dead-letter topic of every topic; the reason travels in the record headers. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    /**
     * Header naming a record's event when a topic carries more than one kind: on {@link #TX_VALIDATED}, a record with
     * this header set to {@link EpochEnded#EVENT} is an {@link EpochEnded}; a record without it is a
     * {@link TransactionValidated}.
     */
    public static final String EVENT_HEADER = "dsh-event";

    /**
     * Header on a record of {@link #LEDGER_BLOCKS} naming the block it carries as {@code shard/height/blockHash}: with
     * several ledger nodes every block comes once from each, and a reader that acted on one copy skips the others
     * without reading them. It is a hint, never trusted: a reader acts only on a block it read and verified, and a
     * record whose header names a block not acted on yet is read whole.
     */
    public static final String BLOCK_HEADER = "dsh-block";

    /** Header on a dead-letter record naming why it could not be processed. */
    public static final String REASON_HEADER = "dsh-reason";

    /** Configs of a topic whose every record is kept for ever: no time limit, no size limit. */
    public static final Map<String, String> KEPT_FOR_EVER = Map.of(
            "retention.ms", "-1",
            "retention.bytes", "-1");

    /**
     * Configs of a compacted vault topic: the latest value of every key is kept for ever, an older one (or a
     * tombstone's predecessor) may be cleaned away, but not before it is a day old, so a reader catching up within a
     * day sees every value written. A value may be up to 2 MiB: the envelope of a record of the largest body the
     * service takes (1 MiB by default) is its ciphertext in base64, about 1.4 MiB, above Kafka's default 1 MB.
     */
    public static final Map<String, String> COMPACTED = Map.of(
            "cleanup.policy", "compact",
            "retention.ms", "-1",
            "retention.bytes", "-1",
            "min.compaction.lag.ms", "86400000",
            "max.message.bytes", "2097152");

    private static final List<String> KEPT = List.of(TX_SUBMITTED, TX_VALIDATED, TX_REJECTED, LEDGER_BLOCKS,
            LEDGER_SIGNATURES, LEDGER_CHECKPOINTS, INTEGRITY_ALERTS, PATIENT_NOTIFICATIONS);
    private static final List<String> VAULT = List.of(VAULT_RECORDS, VAULT_KEYS);

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    /** Every topic the system uses, dead-letter topics included. */
    public static List<String> all() {
        var main = new ArrayList<>(KEPT);
        main.addAll(VAULT);
        var all = new ArrayList<>(main);
        main.forEach(topic -> all.add(deadLetter(topic)));
        return List.copyOf(all);
    }

    /**
     * The topic-level configs {@code topic} is created with: {@link #KEPT_FOR_EVER} for the transaction, block,
     * signature, checkpoint, integrity alert and patient notification topics, {@link #COMPACTED} for the vault topics, none (the broker's
     * defaults) for the rest.
     */
    public static Map<String, String> configs(String topic) {
        if (KEPT.contains(topic)) {
            return KEPT_FOR_EVER;
        }
        if (VAULT.contains(topic)) {
            return COMPACTED;
        }
        return Map.of();
    }
}
