package health.datasafe.bench.baseline;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The floor the ledger is measured against: how many rows per second PostgreSQL itself commits when every insert is
 * its own transaction. A scratch schema gets a table shaped like a committed ledger transaction ({@code leaf_index
 * bigint} primary key, a 32-byte {@code tx_hash} with a unique index, a {@code canonical_json bytea} payload); each
 * client thread holds one connection with autocommit on and inserts one row per statement until the time is up.
 * The scratch schema is dropped afterwards, also when something fails.
 */
public final class PostgresBaseline {

    /** The scratch schema the benchmark program uses. */
    public static final String DEFAULT_SCHEMA = "bench";
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final int ERROR_SAMPLES = 5;

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final String schema;

    public PostgresBaseline(String jdbcUrl, String username, String password, String schema) {
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must match " + SCHEMA_NAME.pattern() + ", was " + schema);
        }
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.schema = schema;
    }

    /** Inserts from {@code clients} threads for {@code duration}, payloads of {@code rowBytes}; drops the schema after. */
    public BaselineResult run(int clients, Duration duration, int rowBytes) throws SQLException, InterruptedException {
        try (Connection admin = connect()) {
            createScratchSchema(admin);
            try {
                return insert(clients, duration, rowBytes, admin);
            } finally {
                try (Statement drop = admin.createStatement()) {
                    drop.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            }
        }
    }

    private BaselineResult insert(int clients, Duration duration, int rowBytes, Connection admin)
            throws SQLException, InterruptedException {
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                connections.add(connect());
            }
            AtomicLong nextLeaf = new AtomicLong();
            Set<String> errorSamples = new LinkedHashSet<>();
            CountDownLatch go = new CountDownLatch(1);
            long[] start = new long[1];
            List<Inserter> inserters = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Inserter inserter = new Inserter(connections.get(i), i, rowBytes, nextLeaf, go, start, duration, errorSamples);
                inserters.add(inserter);
                threads.add(Thread.ofPlatform().name("bench-insert-" + i).start(inserter));
            }
            start[0] = System.nanoTime();
            go.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            long rows = 0;
            long errors = 0;
            for (Inserter inserter : inserters) {
                rows += inserter.rows;
                errors += inserter.errors;
            }
            long inTable;
            try (Statement count = admin.createStatement();
                 ResultSet result = count.executeQuery("SELECT count(*) FROM " + schema + ".raw_tx")) {
                result.next();
                inTable = result.getLong(1);
            }
            List<String> samples;
            synchronized (errorSamples) {
                samples = List.copyOf(errorSamples);
            }
            double seconds = duration.toNanos() / 1e9;
            return new BaselineResult(clients, rowBytes, rows, seconds, rows / seconds, inTable, errors, samples);
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    private void createScratchSchema(Connection admin) throws SQLException {
        try (Statement ddl = admin.createStatement()) {
            ddl.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            ddl.execute("CREATE SCHEMA " + schema);
            ddl.execute("""
                    CREATE TABLE %s.raw_tx (
                        leaf_index     BIGINT PRIMARY KEY,
                        tx_hash        BYTEA  NOT NULL UNIQUE CHECK (octet_length(tx_hash) = 32),
                        canonical_json BYTEA  NOT NULL
                    )""".formatted(schema));
        }
    }

    private Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
        connection.setAutoCommit(true);
        return connection;
    }

    /** One thread's insert loop; its tallies are read after it has ended. */
    private final class Inserter implements Runnable {

        private final Connection connection;
        private final int rowBytes;
        private final AtomicLong nextLeaf;
        private final CountDownLatch go;
        private final long[] start;
        private final Duration duration;
        private final Set<String> errorSamples;
        private final SplittableRandom random;
        private long rows;
        private long errors;

        Inserter(Connection connection, int index, int rowBytes, AtomicLong nextLeaf, CountDownLatch go, long[] start,
                 Duration duration, Set<String> errorSamples) {
            this.connection = connection;
            this.rowBytes = rowBytes;
            this.nextLeaf = nextLeaf;
            this.go = go;
            this.start = start;
            this.duration = duration;
            this.errorSamples = errorSamples;
            this.random = new SplittableRandom(index * 104729L + System.nanoTime());
        }

        @Override
        public void run() {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long end = start[0] + duration.toNanos();
            byte[] hash = new byte[32];
            byte[] payload = new byte[rowBytes];
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + schema + ".raw_tx (leaf_index, tx_hash, canonical_json) VALUES (?, ?, ?)")) {
                while (System.nanoTime() < end) {
                    random.nextBytes(hash);
                    random.nextBytes(payload);
                    insert.setLong(1, nextLeaf.getAndIncrement());
                    insert.setBytes(2, hash);
                    insert.setBytes(3, payload);
                    try {
                        insert.executeUpdate();
                        if (System.nanoTime() <= end) {
                            rows++;
                        }
                    } catch (SQLException e) {
                        failed(e);
                    }
                }
            } catch (SQLException e) {
                failed(e);
            }
        }

        private void failed(SQLException e) {
            errors++;
            synchronized (errorSamples) {
                if (errorSamples.size() < ERROR_SAMPLES) {
                    errorSamples.add(e.getSQLState() + ": " + e.getMessage());
                }
            }
        }
    }
}
