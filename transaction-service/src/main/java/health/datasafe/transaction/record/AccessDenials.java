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
import java.util.HashMap;
import java.util.UUID;

/**
 * Records every read or write refused for want of consent as an ACCESS_DENIED transaction (a write's with
 * {@code action=write}), so the patient's access log shows who tried. It runs in the rejection consumer, not in the request, so it happens even if the reader went away; its
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
        boolean write = attempt.type() == TransactionType.RECORD_ADDED;
        if (!(write || attempt.type() == TransactionType.RECORD_ACCESSED)
                || rejected.reason() != RejectionReason.CONSENT_DENIED) {
            return;
        }
        var metadata = new HashMap<String, String>();
        metadata.put(Metadata.RECORD_ID, attempt.meta(Metadata.RECORD_ID));
        // a write by anyone but the patient names its purpose (only those are judged by consent)
        metadata.put(Metadata.PURPOSE, attempt.meta(Metadata.PURPOSE));
        metadata.put(Metadata.ATTEMPT_ID, attempt.id());
        metadata.put(Metadata.REASON, RejectionReason.CONSENT_DENIED.name());
        if (write) {
            metadata.put(Metadata.ACTION, Metadata.WRITE);
        }
        // the same commitment as the attempt: the record it tried to read or add, or none
        submissions.submitOnce(deniedIdOf(attempt.id()), Draft.committing(TransactionType.ACCESS_DENIED,
                attempt.patientId(), attempt.actorId(), metadata, attempt.payloadHash()));
    }
}
