package health.datasafe.contracts;

import java.time.Instant;

/**
 * Something a patient must learn of was committed on her records: a clinician broke the glass on them, or an
 * administrator replaced her key. Published on {@link Topics#PATIENT_NOTIFICATIONS} by the report-service once it has
 * the transaction's block, keyed by her id; ids, codes and hashes only, never content (the break-glass reason stays
 * sealed in the vault). At least once: a crash between sending and moving on sends it again, with the same
 * {@code transactionId}, which identifies the notification.
 *
 * @param kind          what happened
 * @param actorId       who did it: the clinician, or the administrator
 * @param consentId     BREAK_GLASS: the window's id, which reads under it name; null otherwise
 * @param validUntil    BREAK_GLASS: when the window closes (ISO-8601, as the transaction wrote it); null otherwise
 * @param at            the transaction's {@code submittedAt}
 */
public record PatientNotified(String patientId, Kind kind, String actorId, String transactionId, String consentId,
                              String validUntil, Instant at, String txHash, int shard, long blockHeight) {

    /** What a patient is notified of. */
    public enum Kind {
        /** EMERGENCY_ACCESS on her records. */
        BREAK_GLASS,
        /** KEY_RECOVERED of her key. */
        KEY_RECOVERED
    }
}
