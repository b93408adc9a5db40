package health.datasafe.ledger.verify;

import health.datasafe.integrity.CheckpointInvalid;
import health.datasafe.integrity.LedgerInvalid;

/** The outcome of re-verifying the whole ledger (public, as {@link ChainAudit#verify()} is, for the benchmark). */
public sealed interface Verification {

    /**
     * Every block of every shard verified, and every checkpoint.
     *
     * @param blocks       blocks verified
     * @param transactions transactions verified
     * @param checkpoints  checkpoint verifications passed: each block's own, and the latest against every shard
     */
    record Valid(boolean valid, long blocks, long transactions, long checkpoints) implements Verification {

        Valid(long blocks, long transactions, long checkpoints) {
            this(true, blocks, transactions, checkpoints);
        }
    }

    /**
     * The first failure found.
     *
     * @param failure  simple name of the {@link LedgerInvalid} or {@link CheckpointInvalid} subclass, e.g.
     *                 TransactionHashMismatch, LogRootMismatch, CheckpointSignatureInvalid; StoredLogMismatch when
     *                 the stored Merkle nodes disagree with the log recomputed from the transactions;
     *                 TransactionWithoutBlock when a transaction row names a block that is not stored; or
     *                 PublishedCheckpointNotReached / PublishedCheckpointMismatch when a shard's stored log is shorter
     *                 than, or differs at the size stated in, the newest checkpoint published on the checkpoint topic
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

        /** A transaction row of {@code shard} names block {@code height}, which is not stored. */
        static Invalid of(TransactionWithoutBlock failure) {
            return new Invalid(false, failure.shard(), failure.height(), TransactionWithoutBlock.class.getSimpleName(),
                    null, null, failure.getMessage());
        }

        /** The checkpoint signed after block {@code height} of {@code shard} is malformed or its signature fails. */
        static Invalid of(int shard, long height, CheckpointInvalid failure) {
            return new Invalid(false, shard, height, failure.getClass().getSimpleName(), null, null,
                    "the checkpoint after block %d of shard %d: %s".formatted(height, shard, failure.getMessage()));
        }
    }
}
