package health.datasafe.report.accesslog;

import java.time.Instant;

/**
 * One committed RECORD_ACCESSED or ACCESS_DENIED transaction, or RECORD_ADDED by someone other than the patient, with
 * the consent it relied on and the consent rules it was judged by (null when it names none), and where the ledger
 * committed it.
 */
record AccessAttempt(String transactionId, String patientId, String actorId, String recordId, String purpose,
                     Outcome outcome, String reason, String consentId, String consentRules, Instant at, String txHash,
                     int shard, long blockHeight, long leafIndex) {
}
