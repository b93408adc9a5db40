package health.datasafe.validator.consent;

import health.datasafe.contracts.Role;

import java.util.List;
import java.util.Optional;

/**
 * What the rules may know about earlier validated transactions: the state as it stands just before the transaction
 * being judged. The validator's database answers these in production; tests answer them from memory.
 */
public interface Facts {

    /** The role the identity was registered with, if it was. */
    Optional<Role> roleOf(String actorId);

    /** The public key (base64 X.509) the identity registered, if it is registered with one. */
    Optional<String> publicKeyOf(String actorId);

    /** The patient a record belongs to, if the record was added. */
    Optional<String> patientOfRecord(String recordId);

    /** The consent with this id, whichever patient granted it, revoked or not. */
    Optional<Consent> consent(String consentId);

    /** Every consent {@code patientId} granted to {@code grantee}, revoked ones included. */
    List<Consent> consentsGranted(String patientId, String grantee);
}
