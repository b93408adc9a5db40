package health.datasafe.recovery.witness;

import java.time.Instant;

/**
 * A block that failed the witness's checks and was not witnessed.
 *
 * @param failure          what failed: TransactionHashMismatch, MerkleRootMismatch, BlockHashMismatch, ChainBroken,
 *                         SignatureInvalid, HeaderInconsistent (the integrity module's names) or WitnessConflict
 *                         (a different block for a height already witnessed)
 * @param expected         the value the block committed to, or the witness holds
 * @param actual           the value recomputed from the block as received
 * @param claimedBlockHash the block hash the received block claimed
 */
public record IntegrityIncident(long id, int shard, long height, String failure, String expected, String actual,
                                String detail, String claimedBlockHash, Instant detectedAt) {
}
