package health.datasafe.validator.consent;

import health.datasafe.contracts.RejectionReason;

/** The outcome of judging one transaction. */
public sealed interface Verdict {

    /** The ledger may commit the transaction; the validator's state changes as described. */
    record Accepted(Change change) implements Verdict {
    }

    /** The transaction is refused, with the reason its initiator is told and a detail naming what failed. */
    record Rejected(RejectionReason reason, String detail) implements Verdict {
    }
}
