package health.datasafe.contracts;

import java.time.Instant;

/**
 * On {@link Topics#TX_VALIDATED}, in every partition, with header {@link Topics#EVENT_HEADER} = {@value #EVENT}: epoch
 * {@code epoch} of the log ended at {@code endedAt}. The validated transactions of a partition since its previous
 * epoch end belong to this epoch and become one block of that shard, stamped {@code endedAt}; once every shard has
 * reached an epoch, the ledger signs one checkpoint of every shard's log. The validator writes one per partition in the
 * same Kafka transaction as the transactions it closes, so block boundaries, block times and checkpoints are a
 * function of the log, never of a ledger node's clock: any node, and any replay, cuts the same blocks.
 *
 * @param epoch     increasing from one epoch to the next; an end whose epoch is not above the ledger's last completed
 *                  epoch is stale and ends nothing
 * @param endedAt   the time every block of this epoch carries (milliseconds)
 * @param validator the id of the validator that ended it
 */
public record EpochEnded(long epoch, Instant endedAt, String validator) {

    /** The value of {@link Topics#EVENT_HEADER} on an epoch end. */
    public static final String EVENT = "EpochEnded";

    /** The most transactions one epoch may hold in one shard, and so the most one block may hold. */
    public static final int MAX_TRANSACTIONS = 10_000;
}
