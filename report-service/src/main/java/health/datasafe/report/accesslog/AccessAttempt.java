package health.datasafe.report.accesslog;

import java.time.Instant;

/**
 * One committed RECORD_ACCESSED or ACCESS_DENIED transaction, RECORD_ADDED by someone other than the patient,
 * KEY_RECOVERED of hers or EMERGENCY_ACCESS on her records, with the consent it relied on (for a break-glass, the
 * window it opened, and {@code validUntil}, when that closes) and the consent rules it was judged by (null when it names
 * none), and where the ledger committed it.
 */
record AccessAttempt(String transactionId, String patientId, String actorId, String recordId, String purpose,
                     Outcome outcome, String reason, String consentId, String consentRules, String validUntil,
                     Instant at, String txHash, int shard, long blockHeight, long leafIndex) {
}
