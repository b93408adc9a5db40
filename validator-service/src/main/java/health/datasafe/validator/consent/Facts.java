package health.datasafe.validator.consent;

import health.datasafe.contracts.Role;
import health.datasafe.validator.rules.Consent;

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

    /** The organization the identity registered for, if it is registered with one. */
    Optional<String> organizationOf(String actorId);

    /** The record, if it was added. */
    Optional<RecordFacts> record(String recordId);

    /** The consent with this id, whichever patient granted it, revoked or not. */
    Optional<Consent> consent(String consentId);

    /** Every consent granted on {@code patientId}'s records, revoked ones included. */
    List<Consent> consentsOf(String patientId);
}
