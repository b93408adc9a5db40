package health.datasafe.ledger.verify;

import health.datasafe.integrity.Hex;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A {@code ledger_tx} row names a block that is not stored: no chain holds it, so nothing commits to it. The foreign
 * key {@code ledger_tx_block} refuses such a row; only someone bypassing the database's own checks can leave one.
 */
final class TransactionWithoutBlock extends RuntimeException {

    private final int shard;
    private final long height;
    private final long leafIndex;
    private final String txHash;

    TransactionWithoutBlock(int shard, long height, long leafIndex, String txHash) {
        super("the transaction at leaf %d of shard %d (tx hash %s) names block %d, which is not stored"
                .formatted(leafIndex, shard, txHash, height));
        this.shard = shard;
        this.height = height;
        this.leafIndex = leafIndex;
        this.txHash = txHash;
    }

    /** The one of the current row of {@code shard, height, leaf_index, tx_hash, ...}. */
    static TransactionWithoutBlock at(ResultSet row) throws SQLException {
        return new TransactionWithoutBlock(row.getInt(1), row.getLong(2), row.getLong(3), Hex.of(row.getBytes(4)));
    }

    int shard() {
        return shard;
    }

    long height() {
        return height;
    }

    long leafIndex() {
        return leafIndex;
    }

    String txHash() {
        return txHash;
    }
}
