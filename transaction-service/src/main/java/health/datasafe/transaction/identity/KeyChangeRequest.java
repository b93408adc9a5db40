package health.datasafe.transaction.identity;

import java.time.Instant;

/**
 * Body of {@code POST /api/identities/{actorId}/keys} (a rotation, signed by the old key) and of
 * {@code POST /api/identities/{actorId}/key-recovery} (an administrator's replacement of a lost key).
 *
 * @param publicKey the new base64 X.509 Ed25519 public key
 * @param keyProof  the new key's signature of the actor's registration statement (docs/ledger-format.md section 4e)
 * @param notAfter  a rotation's: the instant after which the signed rotation is refused
 * @param signature a rotation's: the old key's signature of it (section 4f)
 * @param recovery  a recovery's reason: LOST or COMPROMISED
 */
record KeyChangeRequest(String publicKey, String keyProof, Instant notAfter, String signature, String recovery) {
}
