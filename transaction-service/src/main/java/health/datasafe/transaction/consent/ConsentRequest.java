package health.datasafe.transaction.consent;

import health.datasafe.contracts.Purpose;

import java.time.Instant;

/**
 * Body of {@code POST /api/patients/{patientId}/consents}.
 *
 * @param grantee    the registered actor the consent permits
 * @param purpose    the only purpose it permits
 * @param validFrom  first instant it applies (inclusive); now when absent
 * @param validUntil instant it stops applying (exclusive); after validFrom
 * @param action     the action it permits; only "read", the default
 * @param consentId  the consent's id, chosen by the patient when she signs it (then required); a new UUID otherwise
 * @param notAfter   with {@code signature}: the instant after which the signed request is refused
 * @param signature  the patient's base64 Ed25519 signature of the request with the key she registered
 *                   (docs/ledger-format.md section 4f); required once she registered a key
 */
record ConsentRequest(String grantee, Purpose purpose, Instant validFrom, Instant validUntil, String action,
                      String consentId, Instant notAfter, String signature) {
}
