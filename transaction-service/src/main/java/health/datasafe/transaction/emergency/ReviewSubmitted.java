package health.datasafe.transaction.emergency;

import health.datasafe.transaction.initiator.TransactionStatus;

/** Answer to a review of a break-glass. */
record ReviewSubmitted(String transactionId, String consentId, String finding, TransactionStatus status) {
}
