package health.datasafe.report.accesslog;

import java.time.Instant;

/** One committed RECORD_ACCESSED or ACCESS_DENIED transaction, with where the ledger committed it. */
record AccessAttempt(String transactionId, String patientId, String actorId, String recordId, String purpose,
                     Outcome outcome, String reason, Instant at, String txHash, int shard, long blockHeight,
                     long leafIndex) {
}
