package health.datasafe.transaction.emergency;

import java.time.Instant;

/**
 * Body of {@code POST /api/patients/{patientId}/break-glass}.
 *
 * @param reason     why the clinician must read without consent, in his words; sealed in the vault under the patient's
 *                   key like a record (the ledger carries only its commitment), for her and the auditor who reviews it
 * @param validUntil when the window of emergency reads closes (exclusive); at most the validator's
 *                   {@code dsh.emergency.window} (60 minutes by default) after the break-glass is submitted
 * @param consentId  the window's id, which reads under it name as their consent; chosen by the clinician when he signs
 *                   (then required), a new UUID otherwise
 * @param notAfter   with {@code signature}: the instant after which the signed request is refused
 * @param signature  the clinician's base64 Ed25519 signature of the request with the key he registered
 *                   (docs/ledger-format.md section 4f)
 */
record BreakGlassRequest(String reason, Instant validUntil, String consentId, Instant notAfter, String signature) {
}
