package health.datasafe.validator.consent;

import health.datasafe.contracts.Purpose;

import java.time.Instant;

/**
 * A consent a patient granted (the shape of FHIR R4 {@code Consent.provision}, reduced to what this version needs).
 *
 * @param consentId   as named in the granting transaction's metadata
 * @param patientId   the grantor, whose records it covers
 * @param grantee     the actor it permits
 * @param action      the action it permits; only {@code read} in this version
 * @param purpose     the only purpose it permits
 * @param validFrom   first instant it applies (inclusive)
 * @param validUntil  instant it stops applying (exclusive)
 * @param grantedByTx id of the CONSENT_GRANTED transaction
 * @param revokedByTx id of the CONSENT_REVOKED transaction, null while in force
 */
public record Consent(String consentId, String patientId, String grantee, String action, Purpose purpose,
                      Instant validFrom, Instant validUntil, String grantedByTx, String revokedByTx) {

    /** The only action this version knows. */
    public static final String READ = "read";

    public boolean revoked() {
        return revokedByTx != null;
    }

    /** Whether this consent lets {@code reader} read for {@code why} at {@code at}: validFrom <= at < validUntil. */
    public boolean permitsRead(String reader, Purpose why, Instant at) {
        return !revoked()
                && grantee.equals(reader)
                && READ.equals(action)
                && purpose == why
                && !at.isBefore(validFrom)
                && at.isBefore(validUntil);
    }
}
