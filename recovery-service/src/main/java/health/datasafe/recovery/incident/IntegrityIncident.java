package health.datasafe.recovery.incident;

import java.time.Instant;

/**
 * Something found wrong with the ledger, once per distinct finding however often it is seen.
 *
 * @param source           witness (a received block failed its checks), audit (the ledger differs from the witness
 *                         copy or from a signed checkpoint) or deadletter (a service refused a record on a topic only
 *                         the system's services write)
 * @param failure          what was found: for the witness TransactionHashMismatch, MerkleRootMismatch,
 *                         BlockHashMismatch, ChainBroken, SignatureInvalid, HeaderInconsistent (the integrity module's
 *                         names) or WitnessConflict; for audits LedgerTruncated, BlockMissing, BlockMoved, BlockEdited,
 *                         TransactionMissing, TransactionInserted, TransactionReplaced, TransactionsReordered,
 *                         CheckpointNotReached, CheckpointRootMismatch or CheckpointWitnessMismatch;
 *                         for dead letters RecordRefused
 * @param field            for audits, which value differs (blockHash, txHashes[1], height, logSize, root ...); for
 *                         dead letters, the topic of the refused record
 * @param expected         the value the block committed to, the witness holds or the checkpoint states
 * @param actual           the value recomputed from the block as received, or the ledger serves; for dead letters,
 *                         the refused record (topic-partition@offset)
 * @param claimedBlockHash the block hash the received block claimed (witness incidents only)
 * @param fingerprint      hex SHA-256 identifying the finding: the same for every sighting
 * @param detectedAt       when it was first seen
 * @param lastSeen         when it was last seen (by the latest audit that found it)
 */
public record IntegrityIncident(long id, String source, int shard, long height, String failure, String field,
                                String expected, String actual, String detail, String claimedBlockHash,
                                String fingerprint, Instant detectedAt, Instant lastSeen) {
}
