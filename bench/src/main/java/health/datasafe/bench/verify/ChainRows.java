package health.datasafe.bench.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * The one read path of the benchmark, used alike by the plain scan and by verification: the ledger-service's own
 * audit query (ChainAudit: blocks left-joined to their transactions, in height and leaf order), restricted to one
 * shard, in a read-only repeatable-read transaction, read through a server-side cursor {@code fetchSize} rows at a
 * time so memory stays bounded whatever the ledger's size. Every column is read: a block's columns from the first row
 * of the block (the join repeats them on each of its rows), a transaction's columns from each row.
 */
final class ChainRows {

    static final String QUERY = """
            SELECT b.height, b.hash, b.previous_hash, b.merkle_root, b.tx_count, b.log_size, b.block_timestamp,
                   b.signer, b.signature, t.leaf_index, t.tx_hash, t.canonical_json
            FROM block b LEFT JOIN ledger_tx t ON t.shard = b.shard AND t.height = b.height
            WHERE b.shard = ?
            ORDER BY b.height, t.leaf_index""";

    /** What is done with the rows of one shard, in order. */
    interface Visitor {

        /** The next block starts; its transactions follow. */
        void block(int shard, long height, byte[] hash, byte[] previousHash, byte[] merkleRoot, int txCount,
                   long logSize, OffsetDateTime timestamp, String signer, byte[] signature);

        /** The next transaction of the current block. */
        void transaction(long leafIndex, byte[] txHash, byte[] canonicalJson);

        /** No more rows. */
        void end();
    }

    private ChainRows() {
    }

    /** Reads every row of {@code shard} into {@code visitor}; tells how many rows there were. */
    static long read(Connection connection, int shard, int fetchSize, Visitor visitor) throws SQLException {
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        long rows = 0;
        try (PreparedStatement query = connection.prepareStatement(QUERY)) {
            query.setFetchSize(fetchSize);
            query.setInt(1, shard);
            try (ResultSet rs = query.executeQuery()) {
                long currentHeight = -1;
                while (rs.next()) {
                    rows++;
                    long height = rs.getLong(1);
                    if (height != currentHeight) {
                        currentHeight = height;
                        visitor.block(shard, height, rs.getBytes(2), rs.getBytes(3), rs.getBytes(4), rs.getInt(5),
                                rs.getLong(6), rs.getObject(7, OffsetDateTime.class), rs.getString(8), rs.getBytes(9));
                    }
                    long leafIndex = rs.getLong(10);
                    if (!rs.wasNull()) {
                        visitor.transaction(leafIndex, rs.getBytes(11), rs.getBytes(12));
                    }
                }
            }
        } finally {
            connection.commit();
        }
        visitor.end();
        return rows;
    }
}
