package health.datasafe.bench.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The one read path of the benchmark, used alike by the plain scan and by verification. Per shard, two ordered
 * queries in one read-only repeatable-read transaction (so both see the same instant of the ledger), each read
 * through its own server-side cursor {@code fetchSize} rows at a time, so memory stays bounded whatever the ledger's
 * size: the shard's blocks in height order (primary key index) and its transactions in height and leaf order
 * (index {@code ledger_tx_by_block}); the transactions are matched to their block by height as both are read. This
 * yields exactly the rows, grouping and order of the ledger-service's audit query (blocks left-joined to
 * {@code ledger_tx}, ordered by height and leaf index) without sending each block's columns again with every one of
 * its transactions, and with two index scans instead of a sort.
 *
 * <p>The transaction sets {@code random_page_cost = 1.1}, the usual value for data on SSD or in memory, as here:
 * PostgreSQL's default of 4 (spinning disks) makes the planner sort a whole shard, spilling to disk, rather than walk
 * the index that already holds the rows in order.
 */
final class ChainRows {

    static final String BLOCKS = """
            SELECT height, hash, previous_hash, merkle_root, tx_count, log_size, block_timestamp, signer, signature
            FROM block WHERE shard = ? ORDER BY height""";

    static final String TRANSACTIONS = """
            SELECT height, leaf_index, tx_hash, canonical_json
            FROM ledger_tx WHERE shard = ? ORDER BY height, leaf_index""";

    private static final String PLANNER_COSTS = "SET LOCAL random_page_cost = 1.1";

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

    /**
     * What one read of a shard saw.
     *
     * @param rows         rows read, of both tables
     * @param blocks       blocks
     * @param transactions transactions
     * @param bytes        bytes of column data read: every hash, signature, signer and canonical JSON
     */
    record Count(long rows, long blocks, long transactions, long bytes) {

        static final Count NONE = new Count(0, 0, 0, 0);

        Count plus(Count other) {
            return new Count(rows + other.rows, blocks + other.blocks, transactions + other.transactions,
                    bytes + other.bytes);
        }
    }

    private ChainRows() {
    }

    /** Reads every row of {@code shard} into {@code visitor}, counting what it reads. */
    static Count read(Connection connection, int shard, int fetchSize, Visitor visitor) throws SQLException {
        begin(connection);
        long blocks = 0;
        long transactions = 0;
        long bytes = 0;
        try (PreparedStatement blockQuery = connection.prepareStatement(BLOCKS);
             PreparedStatement txQuery = connection.prepareStatement(TRANSACTIONS)) {
            blockQuery.setFetchSize(fetchSize);
            blockQuery.setInt(1, shard);
            txQuery.setFetchSize(fetchSize);
            txQuery.setInt(1, shard);
            try (ResultSet block = blockQuery.executeQuery(); ResultSet tx = txQuery.executeQuery()) {
                boolean txLeft = tx.next();
                while (block.next()) {
                    blocks++;
                    long height = block.getLong(1);
                    byte[] hash = block.getBytes(2);
                    byte[] previousHash = block.getBytes(3);
                    byte[] merkleRoot = block.getBytes(4);
                    String signer = block.getString(8);
                    byte[] signature = block.getBytes(9);
                    bytes += hash.length + previousHash.length + merkleRoot.length + signer.length() + signature.length;
                    visitor.block(shard, height, hash, previousHash, merkleRoot, block.getInt(5), block.getLong(6),
                            block.getObject(7, OffsetDateTime.class), signer, signature);
                    while (txLeft) {
                        long txHeight = tx.getLong(1);
                        if (txHeight > height) {
                            break;
                        }
                        if (txHeight < height) {
                            throw orphan(shard, txHeight, tx.getLong(2));
                        }
                        transactions++;
                        long leafIndex = tx.getLong(2);
                        byte[] txHash = tx.getBytes(3);
                        byte[] canonicalJson = tx.getBytes(4);
                        bytes += txHash.length + canonicalJson.length;
                        visitor.transaction(leafIndex, txHash, canonicalJson);
                        txLeft = tx.next();
                    }
                }
                if (txLeft) {
                    throw orphan(shard, tx.getLong(1), tx.getLong(2));
                }
            }
        } finally {
            connection.commit();
        }
        visitor.end();
        return new Count(blocks + transactions, blocks, transactions, bytes);
    }

    /** The plans PostgreSQL chooses for the two queries of {@code shard}, as {@code EXPLAIN} prints them. */
    static List<String> plan(Connection connection, int shard) throws SQLException {
        begin(connection);
        List<String> lines = new ArrayList<>();
        try (Statement explain = connection.createStatement()) {
            for (String query : List.of(BLOCKS, TRANSACTIONS)) {
                try (ResultSet plan = explain.executeQuery("EXPLAIN " + query.replace("?", Integer.toString(shard)))) {
                    while (plan.next()) {
                        lines.add(plan.getString(1));
                    }
                }
            }
        } finally {
            connection.commit();
        }
        return lines;
    }

    private static void begin(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement costs = connection.createStatement()) {
            costs.execute(PLANNER_COSTS);
        }
    }

    /** A ledger_tx row whose block does not exist; the foreign key ledger_tx_block makes this impossible. */
    private static IllegalStateException orphan(int shard, long height, long leafIndex) {
        return new IllegalStateException("ledger_tx row of shard %d at leaf %d names block %d, which is not there"
                .formatted(shard, leafIndex, height));
    }
}
