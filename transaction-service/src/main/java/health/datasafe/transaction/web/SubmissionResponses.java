package health.datasafe.transaction.web;

import health.datasafe.transaction.initiator.Outcomes;
import health.datasafe.transaction.initiator.TrackedTransaction;
import health.datasafe.transaction.initiator.TransactionRefused;
import health.datasafe.transaction.initiator.TransactionStatus;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

/**
 * How every write answers: 202 with the transaction's location at once; with {@code Prefer: wait=N}, after waiting
 * up to N seconds for the outcome, 201 once committed, the rejection's problem once rejected, or still 202.
 */
@Component
public class SubmissionResponses {

    public static final String PREFERENCE_APPLIED = "Preference-Applied";

    private final Outcomes outcomes;

    SubmissionResponses(Outcomes outcomes) {
        this.outcomes = outcomes;
    }

    public static URI locationOf(String transactionId) {
        return URI.create("/api/transactions/" + transactionId);
    }

    /**
     * @param prefer the request's {@code Prefer} header, or null
     * @param body   the response body for the transaction's status
     */
    public ResponseEntity<Object> respond(String transactionId, String prefer, Function<TransactionStatus, Object> body) {
        Optional<PreferWait> wait = PreferWait.parse(prefer);
        if (wait.isEmpty()) {
            return ResponseEntity.accepted().location(locationOf(transactionId)).body(body.apply(TransactionStatus.PENDING));
        }
        Optional<TrackedTransaction> outcome = outcomes.await(transactionId, wait.get().duration());
        TransactionStatus status = outcome.map(TrackedTransaction::status).orElse(TransactionStatus.PENDING);
        if (status == TransactionStatus.REJECTED) {
            var refused = new TransactionRefused(outcome.get());
            refused.getHeaders().set(PREFERENCE_APPLIED, wait.get().applied());
            throw refused;
        }
        return ResponseEntity.status(status == TransactionStatus.COMMITTED ? HttpStatus.CREATED : HttpStatus.ACCEPTED)
                .location(locationOf(transactionId))
                .header(PREFERENCE_APPLIED, wait.get().applied())
                .body(body.apply(status));
    }
}
