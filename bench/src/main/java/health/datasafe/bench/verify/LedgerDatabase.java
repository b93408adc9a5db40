package health.datasafe.bench.verify;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A PostgreSQL database and the scratch schema in it that holds the benchmark's ledger tables. Connections get the
 * schema as their search path and {@code prepareThreshold=-1}: every statement is prepared on the server from its first
 * execution, so rows come back in PostgreSQL's binary format (a {@code bytea} as its raw bytes rather than as hex text).
 * Scan and verify both read through such connections.
 *
 * @param jdbcUrl  the database, without the schema
 * @param username its user
 * @param password its password
 * @param schema   the scratch schema, a plain lowercase identifier
 */
public record LedgerDatabase(String jdbcUrl, String username, String password, String schema) {

    public LedgerDatabase {
        LedgerTables.checkedSchema(schema);
    }

    Connection connect() throws SQLException {
        String url = jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema
                + "&prepareThreshold=-1&reWriteBatchedInserts=true";
        return DriverManager.getConnection(url, username, password);
    }
}
