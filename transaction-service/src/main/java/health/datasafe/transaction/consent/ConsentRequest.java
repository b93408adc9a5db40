package health.datasafe.transaction.consent;

import java.time.Instant;

/**
 * Body of {@code POST /api/patients/{patientId}/consents}: a consent's provision (docs/consent-rules.md), each field
 * named as the metadata it becomes. Lists are comma-separated, as the patient signs them.
 *
 * @param grantee        whom it is about: actor ids, {@code role:ROLE} or {@code org:ORGANIZATION}
 * @param purpose        the purposes it covers: names or HL7 v3 PurposeOfUse codes (TREAT, ETREAT, HPAYMT, …)
 * @param validFrom      first instant it applies (inclusive); now when absent
 * @param validUntil     instant it stops applying (exclusive); after validFrom
 * @param action         the actions: read, write, manage (a delegate's); "read" when absent
 * @param decision       permit (the default) or deny
 * @param resourceType   the FHIR resource types of the records it covers; all when absent
 * @param securityLabels the security labels of the records it covers (PSY, HIV, …); all when absent
 * @param recordIds      the records it covers; all when absent
 * @param exceptions     its nested provisions, as the JSON text of an array (kept as written: the patient signs it)
 * @param consentId      the consent's id, chosen by the patient when she signs it (then required); a new UUID otherwise
 * @param notAfter       with {@code signature}: the instant after which the signed request is refused
 * @param signature      the patient's (or her delegate's) base64 Ed25519 signature of the request with the key she
 *                       registered (docs/ledger-format.md section 4f); required once she registered a key
 */
record ConsentRequest(String grantee, String purpose, Instant validFrom, Instant validUntil, String action,
                      String decision, String resourceType, String securityLabels, String recordIds, String exceptions,
                      String consentId, Instant notAfter, String signature) {
}
