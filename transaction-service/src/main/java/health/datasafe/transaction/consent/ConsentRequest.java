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
 */
record ConsentRequest(String grantee, Purpose purpose, Instant validFrom, Instant validUntil, String action) {
}
