package health.datasafe.validator.decision;

import org.springframework.dao.ConcurrencyFailureException;

/**
 * Another consumer stored a decision or state for the same id between this one's reads and writes (only possible
 * while a partition moves between instances). The database transaction is rolled back and the record redelivered,
 * which then finds the stored decision: a concurrency failure, which the kit's listener error handling retries.
 */
class DecisionRaced extends ConcurrencyFailureException {

    DecisionRaced(String txId, String what) {
        super("transaction " + txId + ": " + what + " was written concurrently");
    }
}
