package health.datasafe.ledger.intake;

import health.datasafe.contracts.Transaction;

/**
 * A consumed transaction that passed every check and waits for its block.
 *
 * @param shard         the partition it was read from
 * @param offset        its offset there
 * @param transaction   the signed transaction
 * @param txHash        hex SHA-256 of {@code canonicalJson}, equal to the hash the validator announced
 * @param canonicalJson RFC 8785 canonical JSON of the signed transaction, the bytes the ledger stores
 */
public record AcceptedTransaction(int shard, long offset, Transaction transaction, String txHash, byte[] canonicalJson) {

    public String id() {
        return transaction.id();
    }
}
