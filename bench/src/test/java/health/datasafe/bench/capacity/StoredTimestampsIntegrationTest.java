package health.datasafe.bench.capacity;

import health.datasafe.devsupport.PostgresDatabase;
import health.datasafe.devsupport.RealInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stage split against a real PostgreSQL, in a database of its own holding the columns the services' schemas
 * give the query ({@code tx.transactions}, {@code validator.decisions}, {@code ledger.ledger_tx},
 * {@code ledger.block}), with timestamps set to known instants.
 */
class StoredTimestampsIntegrationTest {

    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");

    private final PostgresDatabase postgres = RealInfrastructure.postgres();
    private String url;

    @BeforeEach
    void databaseWithTheServicesTables() throws SQLException {
        String database = "bench_stages_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
                postgres.password()); Statement create = admin.createStatement()) {
            create.execute("CREATE DATABASE " + database);
        }
        url = postgres.jdbcUrl().replaceFirst("/postgres(\\?|$)", "/" + database + "$1");
        execute("""
                CREATE SCHEMA tx;
                CREATE SCHEMA validator;
                CREATE SCHEMA ledger;
                CREATE TABLE tx.transactions (id text PRIMARY KEY, type text NOT NULL,
                    created_at timestamptz NOT NULL, published_at timestamptz);
                CREATE TABLE validator.decisions (tx_id text PRIMARY KEY, decided_at timestamptz NOT NULL);
                CREATE TABLE ledger.block (shard int, height bigint, committed_at timestamptz NOT NULL,
                    PRIMARY KEY (shard, height));
                CREATE TABLE ledger.ledger_tx (tx_id text NOT NULL, shard int NOT NULL, height bigint NOT NULL);
                INSERT INTO ledger.block VALUES (0, 7, '2030-01-01T10:00:00.600Z'), (1, 3, '2030-01-01T10:00:01.000Z');
                INSERT INTO tx.transactions VALUES
                    ('t1', 'RECORD_ADDED', '2030-01-01T10:00:00.000Z', '2030-01-01T10:00:00.080Z'),
                    ('t2', 'RECORD_ADDED', '2030-01-01T10:00:00.100Z', '2030-01-01T10:00:00.300Z'),
                    ('t3', 'IDENTITY_REGISTERED', '2030-01-01T10:00:00.000Z', '2030-01-01T10:00:00.010Z'),
                    ('t4', 'RECORD_ADDED', '2030-01-01T10:00:00.000Z', NULL);
                INSERT INTO validator.decisions VALUES ('t1', '2030-01-01T10:00:00.400Z'),
                    ('t2', '2030-01-01T10:00:00.500Z'), ('t3', '2030-01-01T10:00:00.020Z'),
                    ('t4', '2030-01-01T10:00:00.020Z');
                INSERT INTO ledger.ledger_tx VALUES ('t1', 0, 7), ('t2', 1, 3), ('t3', 0, 7), ('t4', 0, 7);
                """);
    }

    @Test
    void eachStageIsTheDifferenceOfTheStoredTimestampsAndTheClientsOwnClock() {
        var timestamps = new StoredTimestamps(url, postgres.username(), postgres.password());
        List<StoredTimestamps.Seen> seen = List.of(
                seen("t1", -5, 620),    // due 5 ms before created_at, answered 20 ms after its block committed
                seen("t2", 90, 1040),
                seen("t3", 0, 700),     // not a RECORD_ADDED
                seen("t4", 0, 700),     // never published: not every timestamp
                seen("t5", 0, 700));    // unknown

        StoredTimestamps.StageSplit split = timestamps.split(seen);

        assertThat(split.failure()).isNull();
        assertThat(split.transactions()).isEqualTo(5);
        assertThat(split.found()).isEqualTo(2);
        assertThat(split.stages().keySet()).containsExactlyElementsOf(StoredTimestamps.STAGES);
        // nearest-rank over two samples: p50 is the smaller, p99 the larger
        assertThat(split.stages().get("request->created").p50Millis()).isEqualTo(5.0);
        assertThat(split.stages().get("request->created").p99Millis()).isEqualTo(10.0);
        assertThat(split.stages().get("created->published").p50Millis()).isEqualTo(80.0);
        assertThat(split.stages().get("created->published").p99Millis()).isEqualTo(200.0);
        assertThat(split.stages().get("published->validated").p50Millis()).isEqualTo(200.0);
        assertThat(split.stages().get("published->validated").p99Millis()).isEqualTo(320.0);
        assertThat(split.stages().get("validated->block committed").p50Millis()).isEqualTo(200.0);
        assertThat(split.stages().get("validated->block committed").p99Millis()).isEqualTo(500.0);
        assertThat(split.stages().get("block committed->answered").p50Millis()).isEqualTo(20.0);
        assertThat(split.stages().get("block committed->answered").p99Millis()).isEqualTo(40.0);
        assertThat(split.stages().get("request->answered").p50Millis()).isEqualTo(625.0);
        assertThat(split.stages().get("request->answered").p99Millis()).isEqualTo(950.0);
    }

    @Test
    void blockCommittedIsMeasuredFromWhenEachSubmittedTransactionWasDueFinalOrNot() throws SQLException {
        long t0 = T0.getEpochSecond() * 1_000_000;
        var submitted = List.of(new StoredTimestamps.Submitted("t1", t0 - 5_000),  // block 0/7 at +600 ms
                new StoredTimestamps.Submitted("t2", t0 + 100_000),                   // block 1/3 at +1000 ms
                new StoredTimestamps.Submitted("t9", t0));                            // in no block

        long[] nanos = new StoredTimestamps(url, postgres.username(), postgres.password()).dueToBlockCommitted(submitted);

        assertThat(nanos).containsExactlyInAnyOrder(605_000_000L, 900_000_000L);
    }

    @Test
    void aColumnRenamedByAServiceIsReportedInsteadOfFailingTheRun() throws SQLException {
        execute("ALTER TABLE tx.transactions RENAME COLUMN published_at TO sent_at");

        StoredTimestamps.StageSplit split = new StoredTimestamps(url, postgres.username(), postgres.password())
                .split(List.of(seen("t1", 0, 600)));

        assertThat(split.found()).isZero();
        assertThat(split.failure()).contains("published_at");
    }

    @Test
    void noTransactionsNeedNoQuery() {
        StoredTimestamps.StageSplit split = new StoredTimestamps("jdbc:postgresql://nowhere.invalid/x", "u", "p")
                .split(List.of());

        assertThat(split.transactions()).isZero();
        assertThat(split.failure()).isNull();
    }

    /** A transaction the client saw due and answered so many milliseconds after T0. */
    private static StoredTimestamps.Seen seen(String id, long dueMillis, long answeredMillis) {
        long t0 = T0.getEpochSecond() * 1_000_000;
        return new StoredTimestamps.Seen(id, t0 + dueMillis * 1000, t0 + answeredMillis * 1000);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, postgres.username(), postgres.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
