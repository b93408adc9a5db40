package health.datasafe.transaction.identity;

import health.datasafe.contracts.Role;

/**
 * Body of {@code POST /api/identities}: the key and its proof always; the actor and role only when an administrator
 * registers someone (a caller registering herself may repeat her token's).
 *
 * @param publicKey base64 X.509 Ed25519 public key of the identity
 * @param keyProof  with {@code publicKey}: base64 Ed25519 signature by that key of the registration statement
 *                  (docs/ledger-format.md section 4e), proof that the caller holds it
 * @param organization the organization a clinician speaks for, which consents may name ({@code org:ID}); only an
 *                  administrator registers it, as nobody may claim an organization for himself
 */
record RegistrationRequest(String actorId, Role role, String publicKey, String keyProof, String organization) {

    static final RegistrationRequest NONE = new RegistrationRequest(null, null, null, null, null);
}
