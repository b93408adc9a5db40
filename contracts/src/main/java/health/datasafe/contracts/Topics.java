package health.datasafe.contracts;

import java.util.List;

/** Kafka topic names. Every topic is keyed by {@link Transaction#partitionKey()}, so one patient's history keeps its order. */
public final class Topics {

    /** Signed transactions from the initiator, awaiting validation. */
    public static final String TX_SUBMITTED = "dsh.tx.submitted";
    /** Transactions the validator accepted, and the epoch ends that cut them into blocks; each partition is one ledger shard. */
    public static final String TX_VALIDATED = "dsh.tx.validated";
    /** Transactions the validator refused, with the reason. */
    public static final String TX_REJECTED = "dsh.tx.rejected";
    /** Blocks the ledger committed, with their transactions. */
    public static final String LEDGER_BLOCKS = "dsh.ledger.blocks";
    /** Signed checkpoints of every shard's Merkle log ({@link CheckpointSigned}), keyed by origin. */
    public static final String LEDGER_CHECKPOINTS = "dsh.ledger.checkpoints";
    /** Integrity incidents the recovery center found ({@link IntegrityAlertRaised}), one record per incident, keyed by shard. */
    public static final String INTEGRITY_ALERTS = "dsh.integrity.alerts";

    /** Suffix of the dead-letter topic of every topic; the reason travels in the record headers. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    /**
     * Header naming a record's event when a topic carries more than one kind: on {@link #TX_VALIDATED}, a record with
     * this header set to {@link EpochEnded#EVENT} is an {@link EpochEnded}; a record without it is a
     * {@link TransactionValidated}.
     */
    public static final String EVENT_HEADER = "dsh-event";

    /** Header on a dead-letter record naming why it could not be processed. */
    public static final String REASON_HEADER = "dsh-reason";

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    /** Every topic the system uses, dead-letter topics included. */
    public static List<String> all() {
        var main = List.of(TX_SUBMITTED, TX_VALIDATED, TX_REJECTED, LEDGER_BLOCKS, LEDGER_CHECKPOINTS, INTEGRITY_ALERTS);
        var all = new java.util.ArrayList<>(main);
        main.forEach(topic -> all.add(deadLetter(topic)));
        return List.copyOf(all);
    }
}
