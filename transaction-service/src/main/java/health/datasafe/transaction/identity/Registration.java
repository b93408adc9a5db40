package health.datasafe.transaction.identity;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.TransactionType;
import health.datasafe.transaction.initiator.Draft;

import java.util.HashMap;

/**
 * A registration the {@link Registrar} admitted: who is registered, with which role and, if given, which public key
 * with its holder's proof.
 *
 * @param publicKey base64 X.509 Ed25519 public key, re-encoded from the parsed key; null when none was given
 * @param keyProof  that key's signature of the registration statement; null exactly when {@code publicKey} is
 * @param organization the organization an administrator registered a clinician for; null otherwise
 */
record Registration(String actorId, Role role, String publicKey, String keyProof, String organization) {

    /** Its IDENTITY_REGISTERED: a patient's concerns that patient, anyone else's no patient. */
    Draft draft() {
        var metadata = new HashMap<String, String>();
        metadata.put(Metadata.ROLE, role.name());
        if (publicKey != null) {
            metadata.put(Metadata.PUBLIC_KEY, publicKey);
            metadata.put(Metadata.KEY_PROOF, keyProof);
        }
        if (organization != null) {
            metadata.put(Metadata.ORGANIZATION, organization);
        }
        return Draft.of(TransactionType.IDENTITY_REGISTERED, role == Role.PATIENT ? actorId : null, actorId, metadata);
    }
}
