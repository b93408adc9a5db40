package health.datasafe.transaction.initiator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import health.datasafe.contracts.TransactionType;

import java.util.List;

/**
 * A transaction's status as {@code GET /api/transactions/{id}} answers it.
 *
 * @param blockHash the hash of the block holding it, once committed
 * @param finality  once committed: whether the block is final, which ledger nodes signed its hash, how many must
 * @param receipt   the {@link health.datasafe.integrity.Receipt} as a JSON object, once committed (null before, or when
 *                  the ledger announced the block without a checkpoint); its checkpoint carries the signature of every
 *                  node that signed it
 */
public record TransactionView(String transactionId, TransactionType type, TransactionStatus status, Integer shard,
                              Long blockHeight, String blockHash, String txHash, Long leafIndex, String reason,
                              String detail, FinalityView finality, @JsonRawValue String receipt) {

    /** {@code "final"}: a quorum of the ledger nodes signed the block hash; {@code signers}: their names. */
    public record FinalityView(@JsonProperty("final") boolean isFinal, List<String> signers, int quorum) {
    }

    static TransactionView of(TrackedTransaction t) {
        FinalityView finality = t.finality() == null ? null : new FinalityView(t.finality().reached(),
                t.finality().signers(), t.finality().required());
        return new TransactionView(t.id(), t.type(), t.status(), t.shard(), t.blockHeight(), t.blockHash(), t.txHash(),
                t.leafIndex(), t.reason(), t.detail(), finality, t.receipt());
    }
}
