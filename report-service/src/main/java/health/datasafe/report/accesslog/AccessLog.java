package health.datasafe.report.accesslog;

import java.time.Instant;
import java.util.List;

/** A patient's access log in commit order, as the API answers it. */
record AccessLog(String patientId, List<Entry> entries) {

    /**
     * @param reason     why a refusal was refused (a rejection reason); for a review, its finding
     * @param validUntil for a break-glass, when its window of emergency reads closes; null otherwise
     * @param breakGlass flags a break-glass, its reviews, and every access made for EMERGENCY
     */
    record Entry(String transactionId, String actorId, String recordId, String purpose, Outcome outcome, String reason,
                 String consentId, String consentRules, String validUntil, Instant at, String txHash, int shard,
                 long blockHeight, boolean breakGlass) {
    }
}
