package health.datasafe.ledger.intake;

import health.datasafe.contracts.EpochEnded;

/** What the intake decided about one consumed record. */
public sealed interface Admission {

    /** The record holds a transaction fit for a block. */
    record Accepted(AcceptedTransaction transaction) implements Admission {
    }

    /** The record ends an epoch of its shard: the transactions before it, since the shard's last epoch end, are a block. */
    record EpochEnd(int shard, long offset, EpochEnded end) implements Admission {
    }

    /** The record can never be committed; it goes to the dead-letter topic with this reason. */
    record Refused(Refusal refusal, String detail) implements Admission {

        /** The {@code dsh-reason} header: the refusal's name, then the detail. */
        public String reason() {
            return refusal.name() + ": " + detail;
        }
    }

    /** Why a record was refused. */
    enum Refusal {
        /** Not JSON of a TransactionValidated or an EpochEnded, or required fields missing. */
        MALFORMED,
        /** The transaction names an initiator whose key is not trusted. */
        UNTRUSTED_INITIATOR,
        /** The initiator's signature does not verify. */
        SIGNATURE_INVALID,
        /** The transaction does not hash to the tx hash the record announces. */
        HASH_MISMATCH,
        /** The decision or epoch end is not signed by a trusted validator key, or names another shard. */
        DECISION_UNTRUSTED,
        /** A different transaction with the same id was committed or is waiting for its block. */
        DUPLICATE_ID,
        /** The shard's epoch already holds {@link EpochEnded#MAX_TRANSACTIONS} transactions. */
        EPOCH_FULL
    }
}
