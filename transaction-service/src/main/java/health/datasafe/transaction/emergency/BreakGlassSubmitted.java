package health.datasafe.transaction.emergency;

import health.datasafe.transaction.initiator.TransactionStatus;

import java.time.Instant;

/** Answer to a break-glass: its transaction, the window's id to name in reads under it, and when it closes. */
record BreakGlassSubmitted(String transactionId, String consentId, Instant validUntil, TransactionStatus status) {
}
