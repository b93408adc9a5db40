package health.datasafe.bench.verify;

import health.datasafe.integrity.LedgerInvalid;

/**
 * What verification found wrong, instead of a rate.
 *
 * @param kind    the {@link LedgerInvalid} subclass, e.g. {@code TransactionHashMismatch}
 * @param shard   the shard whose chain is invalid
 * @param height  the block where it was found
 * @param message the verifier's own explanation
 */
public record ChainFailure(String kind, int shard, long height, String message) {

    static ChainFailure of(LedgerInvalid invalid) {
        return new ChainFailure(invalid.getClass().getSimpleName(), invalid.shard(), invalid.height(),
                invalid.getMessage());
    }
}
