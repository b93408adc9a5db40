package health.datasafe.transaction.record;

import java.time.Instant;

/**
 * Body of {@code DELETE /api/patients/{patientId}/records/{recordId}}: the patient's signature of the erasure with the
 * key she registered (docs/ledger-format.md section 4f; {@code dsh record erase} makes it), required once she
 * registered one.
 */
record ErasureRequest(Instant notAfter, String signature) {
}
