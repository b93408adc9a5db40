package health.datasafe.contracts;

import java.time.Instant;

/** On {@link Topics#TX_REJECTED}: the validator refused the transaction; it will never be committed. */
public record TransactionRejected(Transaction transaction, RejectionReason reason, String detail, String validator,
                                  Instant rejectedAt) {
}
