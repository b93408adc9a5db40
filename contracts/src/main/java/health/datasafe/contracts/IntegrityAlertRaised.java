package health.datasafe.contracts;

import java.time.Instant;

/**
 * On {@link Topics#INTEGRITY_ALERTS}: the recovery center recorded a new integrity incident, something wrong with the
 * ledger (a block edited, deleted or inserted, a transaction missing, a log shorter than a signed checkpoint, a block
 * that failed the witness's checks). Raised once per incident, however often the same finding is seen again; keyed by
 * shard. Only hashes, sizes and heights, never health data.
 *
 * @param fingerprint stable identity of the finding (hex SHA-256), the same for every sighting: consumers may dedupe by it
 * @param kind        what was found, e.g. LedgerTruncated, BlockEdited, TransactionMissing, CheckpointNotReached,
 *                    CheckpointRootMismatch, or a witness failure such as ChainBroken
 * @param shard       the ledger shard
 * @param height      the block height the finding is about (-1 when no block can be named)
 * @param expected    what the witness copy or the signed checkpoint holds (null if nothing)
 * @param actual      what the ledger holds now (null if nothing)
 * @param detectedAt  when the recovery center first saw it
 */
public record IntegrityAlertRaised(String fingerprint, String kind, int shard, long height, String expected,
                                   String actual, Instant detectedAt) {
}
