package health.datasafe.transaction.record;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.transaction.initiator.Draft;
import health.datasafe.transaction.initiator.Submissions;
import health.datasafe.transaction.initiator.ValidatorRejected;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * Records every read refused for want of consent as an ACCESS_DENIED transaction, so the patient's access log shows
 * who tried. It runs in the rejection consumer, not in the request, so it happens even if the reader went away; its
 * id is derived from the refused attempt's, so a redelivered rejection records nothing twice.
 */
@Component
class AccessDenials {

    private final Submissions submissions;

    AccessDenials(Submissions submissions) {
        this.submissions = submissions;
    }

    /** The id of the ACCESS_DENIED transaction that records the refusal of {@code attemptId}. */
    static String deniedIdOf(String attemptId) {
        return UUID.nameUUIDFromBytes(("denied:" + attemptId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @EventListener
    void onRejected(ValidatorRejected rejected) {
        Transaction attempt = rejected.transaction();
        if (attempt.type() != TransactionType.RECORD_ACCESSED || rejected.reason() != RejectionReason.CONSENT_DENIED) {
            return;
        }
        var metadata = Map.of(
                Metadata.RECORD_ID, attempt.meta(Metadata.RECORD_ID),
                Metadata.PURPOSE, attempt.meta(Metadata.PURPOSE),
                Metadata.ATTEMPT_ID, attempt.id(),
                Metadata.REASON, RejectionReason.CONSENT_DENIED.name());
        // the same commitment as the attempt: the record it tried to read, or none
        submissions.submitOnce(deniedIdOf(attempt.id()), Draft.committing(TransactionType.ACCESS_DENIED,
                attempt.patientId(), attempt.actorId(), metadata, attempt.payloadHash()));
    }
}
