package health.datasafe.transaction.emergency;

import java.time.Instant;

/**
 * Body of {@code POST /api/patients/{patientId}/break-glass/{consentId}/reviews}: an auditor's finding.
 *
 * @param finding   {@code JUSTIFIED} or {@code UNJUSTIFIED}: a code, never free text, since it goes on the ledger
 * @param notAfter  with {@code signature}: the instant after which the signed request is refused
 * @param signature the auditor's base64 Ed25519 signature of the request with the key she registered
 *                  (docs/ledger-format.md section 4f)
 */
record ReviewRequest(String finding, Instant notAfter, String signature) {
}
