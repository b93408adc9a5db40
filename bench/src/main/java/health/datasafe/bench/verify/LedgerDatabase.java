package health.datasafe.bench.verify;

import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A PostgreSQL database and the scratch schema in it that holds the benchmark's ledger, made by the ledger-service's
 * own Flyway migrations ({@code db/migration} of its jar), so its tables, constraints and indexes are the ledger's.
 *
 * @param jdbcUrl  the database, without the schema
 * @param username its user
 * @param password its password
 * @param schema   the scratch schema, a plain lowercase identifier
 */
public record LedgerDatabase(String jdbcUrl, String username, String password, String schema) {

    /** Where the ledger-service keeps its migrations, on its jar's classpath. */
    static final String MIGRATIONS = "classpath:db/migration";

    /** The tables the benchmark fills. */
    private static final List<String> TABLES = List.of("block", "ledger_tx", "merkle_node", "checkpoint");
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public LedgerDatabase {
        if (schema == null || !SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must match " + SCHEMA_NAME.pattern() + ", was " + schema);
        }
    }

    /** The database with the schema first on the search path, as the ledger-service's datasource has its own. */
    public String url() {
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** A connection for filling and checking the ledger: batched inserts are sent as multi-row inserts. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url() + "&reWriteBatchedInserts=true", username, password);
    }

    /** Drops the schema if it is there and has the ledger-service's migrations create it afresh, empty. */
    public void create() throws SQLException {
        drop();
        Flyway.configure()
                .dataSource(jdbcUrl, username, password)
                .schemas(schema)
                .defaultSchema(schema)
                .locations(MIGRATIONS)
                .load()
                .migrate();
    }

    /** Gathers fresh statistics after the load, as autovacuum would in time, so the planner sees the real sizes. */
    void analyze() throws SQLException {
        try (Connection connection = connect(); Statement analyze = connection.createStatement()) {
            connection.setAutoCommit(true);
            for (String table : TABLES) {
                analyze.execute("VACUUM ANALYZE " + schema + "." + table);
            }
        }
    }

    public void drop() throws SQLException {
        try (Connection connection = connect(); Statement ddl = connection.createStatement()) {
            connection.setAutoCommit(true);
            ddl.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
