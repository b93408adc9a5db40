package health.datasafe.contracts;

import java.time.Instant;

/** On {@link Topics#TX_VALIDATED}: the validator accepted the transaction; the ledger will commit it. */
public record TransactionValidated(Transaction transaction, String txHash, String validator, Instant validatedAt) {
}
