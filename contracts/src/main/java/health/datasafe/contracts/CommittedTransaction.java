package health.datasafe.contracts;

/** A transaction as committed in a block: its hash and its position in the shard's log. */
public record CommittedTransaction(Transaction transaction, String txHash, long leafIndex) {
}
