package health.datasafe.ledger.verify;

import org.postgresql.PGStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * How the whole chain is read, by {@link ChainAudit} and by the benchmark's plain scan alike: two ordered index
 * scans read side by side in the caller's open transaction, the blocks (with the checkpoint signed after each) by
 * shard and height, and the transactions by shard, height and leaf, {@value #FETCH_SIZE} rows per round trip each,
 * in PostgreSQL's binary format. Two cursors instead of one ordered join: the join sorts on disk for a large ledger.
 */
public final class ChainCursors implements AutoCloseable {

    public static final int FETCH_SIZE = 1000;

    public static final String BLOCKS = """
            SELECT b.shard, b.height, b.hash, b.previous_hash, b.merkle_root, b.tx_count, b.log_size,
                   b.block_timestamp, b.signer, b.signature, c.note
            FROM block b LEFT JOIN checkpoint c ON c.shard = b.shard AND c.height = b.height
            ORDER BY b.shard, b.height""";

    public static final String TRANSACTIONS = """
            SELECT shard, height, leaf_index, tx_hash, canonical_json
            FROM ledger_tx ORDER BY shard, height, leaf_index""";

    /** Both queries, in the order they are read. */
    public static final List<String> QUERIES = List.of(BLOCKS, TRANSACTIONS);

    private final PreparedStatement blockQuery;
    private final PreparedStatement txQuery;
    private final ResultSet blocks;
    private final ResultSet transactions;

    private ChainCursors(PreparedStatement blockQuery, PreparedStatement txQuery) throws SQLException {
        this.blockQuery = blockQuery;
        this.txQuery = txQuery;
        this.blocks = blockQuery.executeQuery();
        this.transactions = txQuery.executeQuery();
    }

    /** Opens both cursors on {@code connection}, whose transaction must be open (autocommit off). */
    public static ChainCursors open(Connection connection) throws SQLException {
        plan(connection);
        PreparedStatement blockQuery = cursor(connection, BLOCKS);
        try {
            PreparedStatement txQuery = cursor(connection, TRANSACTIONS);
            try {
                return new ChainCursors(blockQuery, txQuery);
            } catch (SQLException | RuntimeException e) {
                txQuery.close();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            blockQuery.close();
            throw e;
        }
    }

    /**
     * The planner setting both reads run under, for the rest of the transaction: random pages priced near sequential
     * ones, so PostgreSQL reads the indexes in order rather than sorting the tables.
     */
    public static void plan(Connection connection) throws SQLException {
        try (Statement costs = connection.createStatement()) {
            costs.execute("SET LOCAL random_page_cost = 1.1");
        }
    }

    public ResultSet blocks() {
        return blocks;
    }

    public ResultSet transactions() {
        return transactions;
    }

    @Override
    public void close() throws SQLException {
        try (blockQuery; txQuery; blocks; transactions) {
            // closed in reverse order: result sets, then their statements
        }
    }

    /** A query read {@value #FETCH_SIZE} rows at a time (the transaction is open), its rows in binary format. */
    private static PreparedStatement cursor(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setFetchSize(FETCH_SIZE);
        // a negative threshold: prepared on the server at once, so the driver may ask for binary results
        statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
        return statement;
    }
}
