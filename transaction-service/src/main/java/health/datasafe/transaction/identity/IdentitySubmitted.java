package health.datasafe.transaction.identity;

import health.datasafe.transaction.initiator.TransactionStatus;

/** Answer to a registration. */
record IdentitySubmitted(String transactionId, String actorId, TransactionStatus status) {
}
