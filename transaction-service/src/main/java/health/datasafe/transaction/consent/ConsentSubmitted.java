package health.datasafe.transaction.consent;

import health.datasafe.transaction.initiator.TransactionStatus;

/** Answer to granting or revoking a consent. */
record ConsentSubmitted(String transactionId, String consentId, TransactionStatus status) {
}
