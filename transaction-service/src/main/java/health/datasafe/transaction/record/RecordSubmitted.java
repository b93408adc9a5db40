package health.datasafe.transaction.record;

import health.datasafe.transaction.initiator.TransactionStatus;

/** Answer to adding a record. */
record RecordSubmitted(String transactionId, String recordId, TransactionStatus status) {
}
