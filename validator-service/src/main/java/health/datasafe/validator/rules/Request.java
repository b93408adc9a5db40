package health.datasafe.validator.rules;

import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.SecurityLabel;

import java.time.Instant;
import java.util.Set;

/**
 * What an actor asks to do with a patient's data, as the consent rules see it.
 *
 * @param role           the actor's registered role; null when unknown
 * @param organization   the organization the actor registered for; null when none
 * @param purpose        why; null for {@link Action#MANAGE}, which has no purpose of its own
 * @param recordId       the record read or written; null for {@link Action#MANAGE}
 * @param resourceType   the record's FHIR resource type; null when undeclared (or unknown: nothing is told of it)
 * @param securityLabels the record's labels
 * @param at             the transaction's {@code submittedAt}
 */
public record Request(String actorId, Role role, String organization, Action action, Purpose purpose,
                      String recordId, String resourceType, Set<SecurityLabel> securityLabels, Instant at) {

    public Request {
        securityLabels = Set.copyOf(securityLabels);
    }

    /** A delegate asking to grant or revoke a consent of the patient's. */
    public static Request manage(String actorId, Role role, String organization, Instant at) {
        return new Request(actorId, role, organization, Action.MANAGE, null, null, null, Set.of(), at);
    }
}
