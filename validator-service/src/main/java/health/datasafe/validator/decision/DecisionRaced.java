package health.datasafe.validator.decision;

/**
 * Another consumer stored a decision or state for the same id between this one's reads and writes (only possible
 * while a partition moves between instances). The database transaction is rolled back and the record redelivered,
 * which then finds the stored decision.
 */
class DecisionRaced extends RuntimeException {

    DecisionRaced(String txId, String what) {
        super("transaction " + txId + ": " + what + " was written concurrently");
    }
}
