package health.datasafe.transaction.initiator;

import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import org.springframework.stereotype.Component;

import java.util.function.Consumer;

/**
 * The one way this service initiates a transaction: a {@link Draft} is signed with the initiator key, stored as
 * PENDING (with whatever belongs to it, in the same database transaction) and published for validation; the
 * {@link Submission} it becomes awaits the outcome and answers the request.
 */
@Component
public class Submissions {

    private final Initiator initiator;
    private final Submitter submitter;
    private final Outcomes outcomes;
    private final TransactionStore store;
    private final CommitLatencyLimit limit;

    Submissions(Initiator initiator, Submitter submitter, Outcomes outcomes, TransactionStore store,
                CommitLatencyLimit limit) {
        this.initiator = initiator;
        this.submitter = submitter;
        this.outcomes = outcomes;
        this.store = store;
        this.limit = limit;
    }

    /** Signs and submits the draft under a new random id; {@link LedgerUnreachable} (and nothing kept) if it cannot be published. */
    public Submission submit(Draft draft) {
        return submit(draft, id -> {
        });
    }

    /**
     * Signs and submits the draft under a new random id, running {@code alongside} with that id in the database
     * transaction that stores it: a row that references the transaction (a vault record) and is deleted with it if
     * publishing fails.
     */
    public Submission submit(Draft draft, Consumer<String> alongside) {
        Transaction tx = initiator.sign(draft.type(), draft.patientId(), draft.actorId(), draft.payloadHash(),
                draft.metadata());
        submitter.submit(tx, () -> alongside.accept(tx.id()));
        limit.started(tx.id());
        return new Submission(tx.id(), outcomes);
    }

    /**
     * Submits the draft under an id derived from what triggered it: stored if no transaction has that id yet (the
     * stored one stands otherwise), published unless it was published before. A redelivered trigger therefore
     * publishes nothing new.
     */
    public Submission submitOnce(String id, Draft draft) {
        submitter.submitOnce(initiator.sign(id, draft.type(), draft.patientId(), draft.actorId(), draft.payloadHash(),
                draft.metadata()));
        return new Submission(id, outcomes);
    }

    /** A transaction submitted elsewhere (another request, a listener), followed by its id. */
    public Submission following(String id) {
        return new Submission(id, outcomes);
    }

    /** Whether a transaction of this type by this actor is still waiting for its outcome. */
    public boolean pending(TransactionType type, String actorId) {
        return store.hasPending(type, actorId);
    }
}
