package health.datasafe.integrity;

/**
 * Proof that whoever registers a public key holds its private key (docs/ledger-format.md, "Identity keys"): the key
 * signs a statement naming the identity, its role and the key itself, so a registration cannot bind someone else's
 * key, and a proof made for one identity or role proves nothing for another. The signing input is the canonical JSON
 * of {@code {"statement": "datasafehealth/key-possession/v1", "actorId", "role", "publicKey"}}, the key as base64
 * X.509; the proof is the base64 Ed25519 signature, carried in an IDENTITY_REGISTERED's {@code keyProof}.
 */
public final class KeyPossession {

    public static final String STATEMENT = "datasafehealth/key-possession/v1";

    record Statement(String statement, String actorId, String role, String publicKey) {
    }

    private KeyPossession() {
    }

    /** What the identity's key signs to register it: its canonical JSON statement. */
    public static byte[] signingInput(String actorId, String role, String publicKey) {
        return CanonicalJson.of(new Statement(STATEMENT, actorId, role, publicKey));
    }

    /** The proof that {@code key}'s holder registers it for this identity and role. */
    public static String prove(Ed25519.SigningKey key, String actorId, String role) {
        return key.signBase64(signingInput(actorId, role, key.verifyingKey().toX509()));
    }

    /**
     * True if {@code proof} is the signature, by the key {@code publicKey} (base64 X.509) names, of the statement that
     * registers it for this identity and role; false for anything else, including a key that is no Ed25519 key.
     */
    public static boolean proven(String actorId, String role, String publicKey, String proof) {
        return actorId != null && role != null
                && Ed25519.VerifyingKey.verifies(publicKey, signingInput(actorId, role, publicKey), proof);
    }
}
