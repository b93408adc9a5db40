package health.datasafe.transaction.initiator;

import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Transaction;

/**
 * Application event: the validator refused a transaction this service submitted. Listeners run in the consuming
 * thread, before waiters are told; they must be idempotent, as a rejection may be delivered again.
 */
public record ValidatorRejected(Transaction transaction, RejectionReason reason, String detail) {
}
