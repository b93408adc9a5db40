package health.datasafe.transaction.consent;

import java.time.Instant;

/**
 * Optional body of {@code DELETE /api/patients/{patientId}/consents/{consentId}}: the patient's signature of the
 * revocation, required once she registered a key.
 *
 * @param notAfter  the instant after which the signed revocation is refused
 * @param signature the patient's base64 Ed25519 signature of the revocation (docs/ledger-format.md section 4f)
 */
record RevocationRequest(Instant notAfter, String signature) {

    static final RevocationRequest UNSIGNED = new RevocationRequest(null, null);
}
