package health.datasafe.bench.verify;

import health.datasafe.ledger.verify.ChainCursors;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The yardstick verification is measured against: reads the rows ChainAudit reads, through the same
 * {@link ChainCursors}, and checks nothing. One read-only repeatable-read transaction on one connection. Every column of every row is fetched and decoded into a Java value (hashes, signatures,
 * signers, timestamps, counts, notes, canonical JSON); nothing more is done with them.
 */
final class PlainScan {

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
        long blocks = 0;
        long transactions = 0;
        long bytes = 0;
        long checksum = 0;
        try (ChainCursors cursors = ChainCursors.open(connection)) {
            ResultSet block = cursors.blocks();
            ResultSet tx = cursors.transactions();
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
            ChainCursors.plan(connection);
            try (Statement explain = connection.createStatement()) {
                for (String query : ChainCursors.QUERIES) {
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
}
