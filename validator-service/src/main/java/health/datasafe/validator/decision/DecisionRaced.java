package health.datasafe.validator.decision;

import org.springframework.dao.ConcurrencyFailureException;

/**
 * Another consumer stored some of a batch's rows (a decision, an identity, a record, a consent or a revocation)
 * between this one's bulk load and its writes: only possible while a partition moves between instances. The database
 * transaction is rolled back and the batch redelivered, which then finds the stored decisions: a concurrency failure,
 * which the kit's listener error handling retries.
 *
 * @param table    the table written
 * @param expected rows the batch meant to write there
 * @param written  rows actually written (the others were there already)
 */
class DecisionRaced extends ConcurrencyFailureException {

    DecisionRaced(String table, int expected, int written) {
        super("a batch wrote " + written + " of its " + expected + " rows into " + table
                + ": the others were written concurrently");
    }
}
