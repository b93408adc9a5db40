package health.datasafe.transaction.consent;

import java.time.Instant;
import java.util.Map;

/**
 * One consent of a patient's as {@code GET /api/patients/{patientId}/consents} answers it.
 *
 * @param terms      its provision, as the metadata the patient (or her delegate) signed (docs/consent-rules.md)
 * @param grantedBy  who granted it: the patient, or her delegate
 * @param userSigned whether the grantor signed it with her own key (checked by the validator; {@code dsh-verify
 *                   consent} checks it offline)
 * @param granted    where the ledger committed the grant
 * @param revoked    where it committed the revocation; null while not revoked
 */
record ConsentView(String consentId, String patientId, Status status, Map<String, String> terms, String grantedBy,
                   Instant grantedAt, boolean userSigned, Place granted, String revokedBy, Instant revokedAt,
                   Place revoked) {

    /** Where it stands now: in force, waiting for its start, past its end, or ended by the patient. */
    enum Status {
        ACTIVE, NOT_YET_VALID, EXPIRED, REVOKED;

        /** Active and not yet valid consents are current; expired and revoked ones are past. */
        boolean current() {
            return this == ACTIVE || this == NOT_YET_VALID;
        }
    }

    /** A committed transaction: its id, hash and block. */
    record Place(String transactionId, String txHash, int shard, long blockHeight) {
    }
}
