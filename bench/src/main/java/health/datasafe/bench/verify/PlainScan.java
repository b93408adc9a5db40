package health.datasafe.bench.verify;

import org.postgresql.PGStatement;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The yardstick verification is measured against: reads the rows ChainAudit reads, the way it reads them, and checks
 * nothing. One read-only repeatable-read transaction on one connection; the blocks with the checkpoint signed after
 * each, by shard and height, and the transactions by shard, height and leaf index, two cursors of
 * {@value #FETCH_SIZE} rows read side by side in PostgreSQL's binary format, with {@code random_page_cost = 1.1} so
 * both are index scans. Every column of every row is fetched and decoded into a Java value (hashes, signatures,
 * signers, timestamps, counts, notes, canonical JSON); nothing more is done with them.
 */
final class PlainScan {

    static final int FETCH_SIZE = 1000;

    static final String BLOCKS = """
            SELECT b.shard, b.height, b.hash, b.previous_hash, b.merkle_root, b.tx_count, b.log_size,
                   b.block_timestamp, b.signer, b.signature, c.note
            FROM block b LEFT JOIN checkpoint c ON c.shard = b.shard AND c.height = b.height
            ORDER BY b.shard, b.height""";

    static final String TRANSACTIONS = """
            SELECT shard, height, leaf_index, tx_hash, canonical_json
            FROM ledger_tx ORDER BY shard, height, leaf_index""";

    /**
     * What one scan read.
     *
     * @param blocks       block rows
     * @param transactions transaction rows
     * @param bytes        bytes of column data: every hash, signature, signer, note and canonical JSON
     * @param checksum     a value that depends on the data read, so that nothing read can be optimised away
     */
    record Count(long blocks, long transactions, long bytes, long checksum) {
    }

    private PlainScan() {
    }

    /** Reads every block and transaction row of the ledger once. */
    static Count read(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return read(connection);
            } finally {
                connection.commit();
                connection.setAutoCommit(true);
                connection.setReadOnly(false);
            }
        }
    }

    private static Count read(Connection connection) throws SQLException {
        try (Statement costs = connection.createStatement()) {
            costs.execute("SET LOCAL random_page_cost = 1.1");
        }
        long blocks = 0;
        long transactions = 0;
        long bytes = 0;
        long checksum = 0;
        try (PreparedStatement blockQuery = cursor(connection, BLOCKS);
             PreparedStatement txQuery = cursor(connection, TRANSACTIONS);
             ResultSet block = blockQuery.executeQuery();
             ResultSet tx = txQuery.executeQuery()) {
            boolean txLeft = tx.next();
            while (block.next()) {
                blocks++;
                int shard = block.getInt(1);
                long height = block.getLong(2);
                byte[] hash = block.getBytes(3);
                byte[] previousHash = block.getBytes(4);
                byte[] merkleRoot = block.getBytes(5);
                int txCount = block.getInt(6);
                long logSize = block.getLong(7);
                OffsetDateTime timestamp = block.getObject(8, OffsetDateTime.class);
                String signer = block.getString(9);
                byte[] signature = block.getBytes(10);
                String note = block.getString(11);
                bytes += hash.length + previousHash.length + merkleRoot.length + signer.length() + signature.length
                        + (note == null ? 0 : note.length());
                checksum += hash[0] + previousHash[0] + merkleRoot[0] + signature[0] + txCount + logSize
                        + timestamp.getNano();
                while (txLeft && tx.getInt(1) == shard && tx.getLong(2) == height) {
                    transactions++;
                    long leafIndex = tx.getLong(3);
                    byte[] txHash = tx.getBytes(4);
                    byte[] canonicalJson = tx.getBytes(5);
                    bytes += txHash.length + canonicalJson.length;
                    checksum += leafIndex + txHash[0] + canonicalJson.length;
                    txLeft = tx.next();
                }
            }
        }
        return new Count(blocks, transactions, bytes, checksum);
    }

    /** The plans PostgreSQL chooses for the two queries, as {@code EXPLAIN} prints them within such a read. */
    static List<String> plan(DataSource dataSource) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement explain = connection.createStatement()) {
                explain.execute("SET LOCAL random_page_cost = 1.1");
                for (String query : List.of(BLOCKS, TRANSACTIONS)) {
                    try (ResultSet plan = explain.executeQuery("EXPLAIN " + query)) {
                        while (plan.next()) {
                            lines.add(plan.getString(1));
                        }
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
        return lines;
    }

    private static PreparedStatement cursor(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setFetchSize(FETCH_SIZE);
        statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
        return statement;
    }
}
