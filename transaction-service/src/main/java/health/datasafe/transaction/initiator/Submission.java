package health.datasafe.transaction.initiator;

import health.datasafe.transaction.web.PreferWait;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * A transaction this service submitted (or, {@link Submissions#following}, one it knows by id): its outcome can be
 * awaited, and it answers the request that caused it.
 */
public final class Submission {

    public static final String PREFERENCE_APPLIED = "Preference-Applied";

    private final String id;
    private final Outcomes outcomes;

    Submission(String id, Outcomes outcomes) {
        this.id = id;
        this.outcomes = outcomes;
    }

    /** Where a transaction's status is followed: {@code /api/transactions/{id}}. */
    public static URI locationOf(String transactionId) {
        return URI.create("/api/transactions/" + transactionId);
    }

    public String id() {
        return id;
    }

    public URI location() {
        return locationOf(id);
    }

    /**
     * The transaction once rejected or final (committed in a block a quorum of ledger nodes signed), if that happens
     * within {@code timeout}; empty while it is not.
     */
    public Optional<TrackedTransaction> outcome(Duration timeout) {
        return outcomes.await(id, timeout).filter(TrackedTransaction::decided);
    }

    /**
     * How every write answers: 202 with the transaction's location at once; with {@code Prefer: wait=N}, after waiting
     * up to N seconds for the outcome, 201 once final, the rejection's problem ({@link TransactionRefused}) once
     * rejected, or still 202 with the status as it stands (PENDING, or COMMITTED in a block not yet final), each saying
     * {@code Preference-Applied}.
     *
     * @param prefer the request's {@code Prefer} header, or null
     * @param body   the response body for the transaction's status
     */
    public ResponseEntity<Object> answer(String prefer, Function<TransactionStatus, Object> body) {
        Optional<PreferWait> wait = PreferWait.parse(prefer);
        if (wait.isEmpty()) {
            return ResponseEntity.accepted().location(location()).body(body.apply(TransactionStatus.PENDING));
        }
        Optional<TrackedTransaction> now = outcomes.await(id, wait.get().duration());
        TransactionStatus status = now.map(TrackedTransaction::status).orElse(TransactionStatus.PENDING);
        if (status == TransactionStatus.REJECTED) {
            var refused = new TransactionRefused(now.get());
            refused.getHeaders().set(PREFERENCE_APPLIED, wait.get().applied());
            throw refused;
        }
        boolean decided = now.map(TrackedTransaction::decided).orElse(false);
        return ResponseEntity.status(decided ? HttpStatus.CREATED : HttpStatus.ACCEPTED)
                .location(location())
                .header(PREFERENCE_APPLIED, wait.get().applied())
                .body(body.apply(status));
    }
}
