package health.datasafe.report.breakglass;

import java.time.Instant;

/**
 * One break-glass as the register shows it: who opened which window on whose records, where the ledger committed it,
 * how many records he read for EMERGENCY while it was open, and the latest review of it (null while none).
 *
 * @param consentId      the window's id; its sealed reason is the patient's record of the same id
 * @param at             when it was opened (its transaction's {@code submittedAt})
 * @param validUntil     when it closed, or closes
 * @param emergencyReads the clinician's committed reads of her records for EMERGENCY in the window
 */
record BreakGlass(String consentId, String patientId, String clinicianId, String transactionId, Instant at,
                  String validUntil, String txHash, int shard, long blockHeight, long emergencyReads, Review review) {

    /** An auditor's signed finding (EMERGENCY_REVIEWED). */
    record Review(String auditorId, String finding, Instant at, String transactionId) {
    }
}
