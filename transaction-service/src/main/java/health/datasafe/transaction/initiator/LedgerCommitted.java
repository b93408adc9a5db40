package health.datasafe.transaction.initiator;

import health.datasafe.contracts.Transaction;

/**
 * Application event: a transaction (this service's or another initiator's) was committed in a block. Listeners run
 * in the consuming thread, before waiters are told; they must be idempotent, as a block may be delivered again.
 */
public record LedgerCommitted(Transaction transaction, String txHash, int shard, long blockHeight, long leafIndex) {
}
