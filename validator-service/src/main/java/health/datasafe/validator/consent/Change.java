package health.datasafe.validator.consent;

import health.datasafe.contracts.Role;

/** What an accepted transaction changes in the validator's state. */
public sealed interface Change {

    /** Reads and recorded refusals change nothing. */
    record Nothing() implements Change {
    }

    /** IDENTITY_REGISTERED: the actor is known from now on. */
    record NewIdentity(String actorId, Role role, String publicKey, String txId) implements Change {
    }

    /** RECORD_ADDED: the record exists and belongs to the patient. */
    record NewRecord(String recordId, String patientId, String txId) implements Change {
    }

    /** CONSENT_GRANTED: the consent is in force (within its period) until revoked. */
    record NewConsent(Consent consent) implements Change {
    }

    /** CONSENT_REVOKED: the consent permits nothing to any later transaction. */
    record Revocation(String consentId, String patientId, String txId) implements Change {
    }
}
