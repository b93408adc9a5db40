package health.datasafe.contracts;

import java.time.Instant;

/**
 * On {@link Topics#TX_VALIDATED}, in every partition, with header {@link Topics#EVENT_HEADER} = {@value #EVENT}: epoch
 * {@code epoch} of the log ended at {@code endedAt}. The validated transactions of a partition since its previous
 * epoch end belong to this epoch and become one block of that shard, stamped {@code endedAt}; once every shard has
 * reached an epoch, the ledger signs one checkpoint of every shard's log. The validator writes one per partition in the
 * same Kafka transaction as the transactions it closes, so block boundaries, block times and checkpoints are a
 * function of the log, never of a ledger node's clock: any node, and any replay, cuts the same blocks. Each end is
 * signed by the validator for its own partition (docs/ledger-format.md, "Validator decisions"): an end that does not
 * verify with a trusted validator key, or that names another shard than the partition it is in, cuts nothing.
 *
 * @param epoch     increasing from one epoch to the next; an end whose epoch is not above the ledger's last completed
 *                  epoch is stale and ends nothing
 * @param shard     the partition (shard) this end was written to
 * @param endedAt   the time every block of this epoch carries (milliseconds)
 * @param validator the name of the validator that ended it ({@code dsh.validator.id})
 * @param signer    key id of the validator key that signed the end
 * @param signature base64 Ed25519 signature over the end's signing input; null while unsigned
 */
public record EpochEnded(long epoch, int shard, Instant endedAt, String validator, String signer, String signature) {

    /** The value of {@link Topics#EVENT_HEADER} on an epoch end. */
    public static final String EVENT = "EpochEnded";

    /** The most transactions one epoch may hold in one shard, and so the most one block may hold. */
    public static final int MAX_TRANSACTIONS = 10_000;

    /** The end before its signature: signed by {@code signer} later. */
    public static EpochEnded unsigned(long epoch, int shard, Instant endedAt, String validator, String signer) {
        return new EpochEnded(epoch, shard, endedAt, validator, signer, null);
    }

    public EpochEnded withSignature(String signature) {
        return new EpochEnded(epoch, shard, endedAt, validator, signer, signature);
    }
}
