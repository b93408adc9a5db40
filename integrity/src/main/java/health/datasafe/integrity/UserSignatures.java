package health.datasafe.integrity;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;

import java.util.Map;
import java.util.TreeMap;

/**
 * How a user signs her own request with the key she registered (docs/ledger-format.md, "User signatures"): a consent
 * a patient grants or revokes carries her signature beside the initiator's, so the operator, who holds the initiator
 * key, cannot make one for her. The signing input is the canonical JSON of {@code {"statement":
 * "datasafehealth/user-signature/v1", "type", "patientId", "actorId", "metadata"}}, the metadata without
 * {@code userSignature} itself; the transaction's id and time, which the initiator assigns, are not in it. What makes
 * a signed request single-use is inside what is signed: its own id (a consent id is taken once) and
 * {@code notAfter}, after which it is refused.
 */
public final class UserSignatures {

    public static final String STATEMENT = "datasafehealth/user-signature/v1";

    record Statement(String statement, String type, String patientId, String actorId, Map<String, String> metadata) {
    }

    private UserSignatures() {
    }

    /** What the actor signs for a request of this type, patient and metadata ({@code userSignature} left out). */
    public static byte[] signingInput(TransactionType type, String patientId, String actorId, Map<String, String> metadata) {
        var signed = new TreeMap<>(metadata);
        signed.remove(Metadata.USER_SIGNATURE);
        return CanonicalJson.of(new Statement(STATEMENT, type.name(), patientId, actorId, signed));
    }

    /** The actor's base64 signature of the request. */
    public static String sign(Ed25519.SigningKey key, TransactionType type, String patientId, String actorId,
                              Map<String, String> metadata) {
        return key.signBase64(signingInput(type, patientId, actorId, metadata));
    }

    /**
     * True if the transaction's {@code userSignature} is its actor's signature, by the key {@code publicKey} (base64
     * X.509), of the request it carries; false for anything else.
     */
    public static boolean signedBy(Transaction tx, String publicKey) {
        return Ed25519.VerifyingKey.verifies(publicKey,
                signingInput(tx.type(), tx.patientId(), tx.actorId(), tx.metadata()), tx.meta(Metadata.USER_SIGNATURE));
    }
}
