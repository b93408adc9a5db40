package health.datasafe.transaction.identity;

import health.datasafe.contracts.Role;

/**
 * Body of {@code POST /api/identities}; every field optional for callers registering themselves.
 *
 * @param publicKey base64 X.509 Ed25519 public key of the identity
 */
record RegistrationRequest(String actorId, Role role, String publicKey) {

    static final RegistrationRequest NONE = new RegistrationRequest(null, null, null);
}
