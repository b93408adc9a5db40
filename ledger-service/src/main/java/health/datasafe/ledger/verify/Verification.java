package health.datasafe.ledger.verify;

import health.datasafe.integrity.LedgerInvalid;

/** The outcome of re-verifying the whole ledger. */
sealed interface Verification {

    /**
     * Every block of every shard verified.
     *
     * @param blocks       blocks verified
     * @param transactions transactions verified
     */
    record Valid(boolean valid, long blocks, long transactions) implements Verification {

        Valid(long blocks, long transactions) {
            this(true, blocks, transactions);
        }
    }

    /**
     * The first failure found.
     *
     * @param failure  simple name of the {@link LedgerInvalid} subclass, e.g. TransactionHashMismatch
     * @param expected what the ledger committed to (null where the failure is not about a value)
     * @param actual   what the stored data gives now
     * @param detail   the failure's message
     */
    record Invalid(boolean valid, int shard, long height, String failure, String expected, String actual, String detail)
            implements Verification {

        static Invalid of(LedgerInvalid failure) {
            return new Invalid(false, failure.shard(), failure.height(), failure.getClass().getSimpleName(),
                    failure.expected(), failure.actual(), failure.getMessage());
        }
    }
}
