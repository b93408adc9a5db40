package health.datasafe.validator.consent;

import health.datasafe.contracts.Role;
import health.datasafe.contracts.SecurityLabel;
import health.datasafe.validator.rules.Consent;

import java.util.Set;

/** What an accepted transaction changes in the validator's state. */
public sealed interface Change {

    /** Reads and recorded refusals change nothing. */
    record Nothing() implements Change {
    }

    /** IDENTITY_REGISTERED: the actor is known from now on; {@code publicKey} and {@code organization} may be null. */
    record NewIdentity(String actorId, Role role, String publicKey, String organization, String txId)
            implements Change {
    }

    /** KEY_ROTATED, KEY_RECOVERED: the actor's key is this one from now on; signatures by the old one are refused. */
    record NewKey(String actorId, String publicKey, String txId) implements Change {
    }

    /** RECORD_ADDED: the record exists and belongs to the patient; {@code resourceType} may be null. */
    record NewRecord(String recordId, String patientId, String resourceType, Set<SecurityLabel> securityLabels,
                     String txId) implements Change {

        public NewRecord {
            securityLabels = Set.copyOf(securityLabels);
        }

        public RecordFacts facts() {
            return new RecordFacts(patientId, resourceType, securityLabels, null);
        }
    }

    /** CONSENT_GRANTED: the consent is in force (within its period) until revoked. */
    record NewConsent(Consent consent) implements Change {
    }

    /**
     * EMERGENCY_ACCESS: the window is among the patient's consents, marked as a break-glass, and its sealed reason is a
     * record of hers under the same id, which she and an auditor may read.
     */
    record NewBreakGlass(Consent window, NewRecord reason) implements Change {
    }

    /** RECORD_ERASED: nothing of the record may be read any more. */
    record Erasure(String recordId, String patientId, String txId) implements Change {
    }

    /** CONSENT_REVOKED: the consent permits nothing to any later transaction. */
    record Revocation(String consentId, String patientId, String txId) implements Change {
    }
}
