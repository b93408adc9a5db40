package health.datasafe.bench.verify;

import health.datasafe.ledger.verify.Verification;

/**
 * What ChainAudit found wrong, instead of a rate.
 *
 * @param kind    the failure as the audit names it, e.g. {@code TransactionHashMismatch}
 * @param shard   the shard whose chain is invalid
 * @param height  the block where it was found
 * @param message the audit's own explanation
 */
public record ChainFailure(String kind, int shard, long height, String message) {

    static ChainFailure of(Verification.Invalid invalid) {
        return new ChainFailure(invalid.failure(), invalid.shard(), invalid.height(), invalid.detail());
    }
}
