package health.datasafe.report.accesslog;

import java.time.Instant;
import java.util.List;

/** A patient's access log in commit order, as the API answers it. */
record AccessLog(String patientId, List<Entry> entries) {

    record Entry(String transactionId, String actorId, String recordId, String purpose, Outcome outcome, String reason,
                 String consentId, String consentRules, Instant at, String txHash, int shard, long blockHeight) {
    }
}
