package health.datasafe.transaction.initiator;

import health.datasafe.contracts.TransactionType;

/**
 * A transaction this service submitted, and what became of it.
 *
 * @param reason      the validator's {@link health.datasafe.contracts.RejectionReason} when rejected
 * @param shard       ledger shard, once committed
 * @param blockHeight height of the block holding it, once committed
 * @param txHash      its hash as committed
 * @param leafIndex   its position in the shard's Merkle log, once committed
 * @param receipt     JSON of its {@link health.datasafe.integrity.Receipt}, once committed by a block that carried its
 *                    log frontier and checkpoint
 */
public record TrackedTransaction(String id, TransactionType type, String patientId, String actorId,
                                 TransactionStatus status, String reason, String detail, Integer shard,
                                 Long blockHeight, String txHash, Long leafIndex, String receipt) {
}
