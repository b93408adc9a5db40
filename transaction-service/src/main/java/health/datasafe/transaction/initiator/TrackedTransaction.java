package health.datasafe.transaction.initiator;

import health.datasafe.contracts.TransactionType;

import java.util.List;

/**
 * A transaction this service submitted, and what became of it.
 *
 * @param reason      the validator's {@link health.datasafe.contracts.RejectionReason} when rejected
 * @param shard       ledger shard, once committed
 * @param blockHeight height of the block holding it, once committed
 * @param txHash      its hash as committed
 * @param leafIndex   its position in the shard's Merkle log, once committed
 * @param receipt     JSON of its {@link health.datasafe.integrity.Receipt}, once committed by a block that carried its
 *                    log frontier and checkpoint; its checkpoint carries the signature of every node that signed it
 * @param blockHash   the hash of the block holding it, once committed
 * @param finality    who signed that block hash, once committed (null before)
 */
public record TrackedTransaction(String id, TransactionType type, String patientId, String actorId,
                                 TransactionStatus status, String reason, String detail, Integer shard,
                                 Long blockHeight, String txHash, Long leafIndex, String receipt, String blockHash,
                                 Finality finality) {

    /**
     * Whether the block holding a committed transaction is final.
     *
     * @param reached  a quorum of the ledger nodes signed the block's hash
     * @param signers  the names of the nodes that did, in name order
     * @param required how many make the quorum
     */
    public record Finality(boolean reached, List<String> signers, int required) {

        public Finality {
            signers = List.copyOf(signers);
        }
    }

    /** Decided for good: rejected, or committed in a final block. What a read waits for before it releases content. */
    public boolean decided() {
        return status == TransactionStatus.REJECTED
                || status == TransactionStatus.COMMITTED && finality != null && finality.reached();
    }
}
