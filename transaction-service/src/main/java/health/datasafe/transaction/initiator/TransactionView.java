package health.datasafe.transaction.initiator;

import health.datasafe.contracts.TransactionType;

/** A transaction's status as {@code GET /api/transactions/{id}} answers it. */
public record TransactionView(String transactionId, TransactionType type, TransactionStatus status, Integer shard,
                              Long blockHeight, String txHash, String reason, String detail) {

    static TransactionView of(TrackedTransaction t) {
        return new TransactionView(t.id(), t.type(), t.status(), t.shard(), t.blockHeight(), t.txHash(), t.reason(), t.detail());
    }
}
