package health.datasafe.transaction.initiator;

import com.fasterxml.jackson.annotation.JsonRawValue;
import health.datasafe.contracts.TransactionType;

/**
 * A transaction's status as {@code GET /api/transactions/{id}} answers it.
 *
 * @param receipt the {@link health.datasafe.integrity.Receipt} as a JSON object, once committed (null before, or when
 *                the ledger announced the block without a checkpoint)
 */
public record TransactionView(String transactionId, TransactionType type, TransactionStatus status, Integer shard,
                              Long blockHeight, String txHash, Long leafIndex, String reason, String detail,
                              @JsonRawValue String receipt) {

    static TransactionView of(TrackedTransaction t) {
        return new TransactionView(t.id(), t.type(), t.status(), t.shard(), t.blockHeight(), t.txHash(), t.leafIndex(),
                t.reason(), t.detail(), t.receipt());
    }
}
