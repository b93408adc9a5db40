package health.datasafe.transaction.initiator;

/** Where a submitted transaction stands. */
public enum TransactionStatus {
    /** Submitted; neither committed nor rejected yet. */
    PENDING,
    /** In a block the ledger committed. */
    COMMITTED,
    /** Refused by the validator; it will never be committed. */
    REJECTED;

    public boolean settled() {
        return this != PENDING;
    }
}
