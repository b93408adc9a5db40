package health.datasafe.bench.verify;

import health.datasafe.bench.ResultFile;
import health.datasafe.devsupport.PostgresDatabase;
import health.datasafe.devsupport.RealInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verify benchmark on a tiny chain in the test JVM's real PostgreSQL: the ledger it builds must be one the
 * ledger-service's ChainAudit accepts in full, both kinds of pass must read every row, and a tampered ledger must be
 * reported as ChainAudit's failure, never as a rate. No assertion on how fast anything is.
 */
class VerifyBenchmarkIntegrationTest {

    private static final int TRANSACTIONS = 2_000;
    private static final int SHARDS = 3;
    private static final int BLOCK_SIZE = 100;

    private final PostgresDatabase postgres = RealInfrastructure.postgres();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    private LedgerDatabase database;

    private static VerifyBenchmark benchmark(int rounds) {
        return VerifyOptionsTest.parsed("--transactions", Integer.toString(TRANSACTIONS), "--shards",
                Integer.toString(SHARDS), "--block-size", Integer.toString(BLOCK_SIZE), "--rounds",
                Integer.toString(rounds), "--warmup-rounds", "1");
    }

    @AfterEach
    void dropScratchSchema() throws SQLException {
        if (database != null) {
            database.drop();
        }
    }

    @Test
    void theScanAndChainAuditEachReadEveryRowOfTheLedger(@TempDir Path dir) throws Exception {
        database = new LedgerDatabase(postgres.jdbcUrl(), postgres.username(), postgres.password(), "bench_verify_all");
        var chain = new SyntheticChain();
        FilledChain filled = benchmark(2).fill(database, chain, out);

        VerifyResult result = benchmark(2).measure(database, chain, filled, null, out);

        // shards of 667, 667 and 666 transactions in blocks of 100: 7 blocks each
        long blocks = 3 * 7;
        assertThat(filled.transactions()).isEqualTo(TRANSACTIONS).isEqualTo(count("ledger_tx"));
        assertThat(filled.blocks()).isEqualTo(blocks).isEqualTo(count("block")).isEqualTo(count("checkpoint"));
        assertThat(filled.canonicalBytes()).isEqualTo(sum("octet_length(canonical_json)", "ledger_tx"));
        // every node of every shard's log: a log of n leaves has 2n - (number of one bits of n) perfect nodes
        assertThat(count("merkle_node")).isEqualTo((2 * 667 - Long.bitCount(667)) * 2 + 2 * 666 - Long.bitCount(666));
        for (ReadFigures figures : new ReadFigures[]{result.scan(), result.verify()}) {
            assertThat(figures.failure()).isNull();
            assertThat(figures.rounds()).hasSize(2).allSatisfy(round -> {
                assertThat(round.transactions()).isEqualTo(TRANSACTIONS);
                assertThat(round.blocks()).isEqualTo(blocks);
                assertThat(round.transactionsPerSecond()).isPositive();
            });
            assertThat(figures.median()).isIn(figures.rounds());
        }
        assertThat(result.ratio()).isEqualTo(result.verify().median().transactionsPerSecond()
                / result.scan().median().transactionsPerSecond());
        assertThat(result.goalMet()).isEqualTo(result.ratio() >= 0.5);
        assertThat(result.readPlan()).anySatisfy(line -> assertThat(line).contains("Index Scan"));
        assertThat(result.table()).contains("Plain scan", "ChainAudit (GET /api/ledger/verify)",
                "Ratio ChainAudit/scan");

        Path file = dir.resolve("verify-result.json");
        ResultFile.write(JsonMapper.builder().build(), result, file);
        JsonNode written = JsonMapper.builder().build().readTree(file.toFile());
        assertThat(written.path("verify").path("median").path("transactions").asLong()).isEqualTo(TRANSACTIONS);
        assertThat(written.path("scan").path("median").path("transactionsPerSecond").asDouble())
                .isEqualTo(result.scan().median().transactionsPerSecond());
        assertThat(written.path("ratio").asDouble()).isEqualTo(result.ratio());
        assertThat(written.path("chain").path("blocks").asLong()).isEqualTo(blocks);
    }

    /** The versions of the ledger-service's migrations on the class path, in order. */
    private static List<String> ledgerMigrations() throws Exception {
        var versions = new ArrayList<Integer>();
        for (var resource : new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
                .getResources("classpath*:db/migration/V*__*.sql")) {
            String name = resource.getFilename();
            if (resource.getURL().toString().contains("ledger-service")) {
                versions.add(Integer.parseInt(name.substring(1, name.indexOf("__"))));
            }
        }
        return versions.stream().sorted().map(String::valueOf).toList();
    }

    @Test
    void theLedgerSchemaIsMadeByEveryMigrationOfTheLedgerService() throws Exception {
        database = new LedgerDatabase(postgres.jdbcUrl(), postgres.username(), postgres.password(), "bench_verify_schema");

        database.create();

        var versions = new ArrayList<String>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet migrations = statement.executeQuery("SELECT version FROM flyway_schema_history"
                     + " WHERE success AND version IS NOT NULL ORDER BY installed_rank")) {
            while (migrations.next()) {
                versions.add(migrations.getString(1));
            }
        }
        assertThat(versions).containsExactlyElementsOf(ledgerMigrations());
        // V2's tables and indexes are there, not only V1's
        assertThat(count("merkle_node")).isZero();
        assertThat(count("checkpoint")).isZero();
        assertThat(sum("1", "pg_indexes WHERE schemaname = 'bench_verify_schema'"
                + " AND indexname = 'ledger_tx_hash_unique'")).isEqualTo(1);
    }

    @Test
    void aTamperedTransactionIsReportedAsTheFailureInsteadOfARate() throws Exception {
        database = new LedgerDatabase(postgres.jdbcUrl(), postgres.username(), postgres.password(), "bench_verify_tx");
        var chain = new SyntheticChain();
        FilledChain filled = benchmark(2).fill(database, chain, out);
        // one byte of the canonical JSON of the transaction at leaf 150 of shard 1 (block 1), as an intruder might
        execute("UPDATE ledger_tx SET canonical_json = overlay(canonical_json PLACING '\\x20'::bytea FROM 20 FOR 1)"
                + " WHERE shard = 1 AND leaf_index = 150");

        VerifyResult result = benchmark(2).measure(database, chain, filled, null, out);

        ChainFailure failure = result.verify().failure();
        assertThat(failure).isNotNull();
        assertThat(failure.kind()).isEqualTo("TransactionHashMismatch");
        assertThat(failure.shard()).isEqualTo(1);
        assertThat(failure.height()).isEqualTo(1);
        assertThat(failure.message()).contains("transaction 50 of block 1 (shard 1)");
        assertThat(result.verify().rounds()).isEmpty();
        assertThat(result.verify().median()).isNull();
        assertThat(result.ratio()).isNull();
        assertThat(result.goalMet()).isNull();
        // the scans go on and still see every row
        assertThat(result.scan().rounds()).hasSize(2)
                .allSatisfy(round -> assertThat(round.transactions()).isEqualTo(TRANSACTIONS));
        assertThat(result.table()).contains("FAILED, no rate", "TransactionHashMismatch at shard 1, block 1")
                .doesNotContain("goal >= 0.5: MET");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("verification FAILED");
    }

    @Test
    void aForgedBlockSignatureIsReportedAsTheFailureInsteadOfARate() throws Exception {
        database = new LedgerDatabase(postgres.jdbcUrl(), postgres.username(), postgres.password(), "bench_verify_sig");
        var chain = new SyntheticChain();
        FilledChain filled = benchmark(1).fill(database, chain, out);
        execute("UPDATE block SET signature = overlay(signature PLACING '\\x00'::bytea FROM 1 FOR 1)"
                + " WHERE shard = 2 AND height = 6");

        VerifyResult result = benchmark(1).measure(database, chain, filled, null, out);

        assertThat(result.verify().failure()).isNotNull();
        assertThat(result.verify().failure().kind()).isEqualTo("SignatureInvalid");
        assertThat(result.verify().failure().shard()).isEqualTo(2);
        assertThat(result.verify().failure().height()).isEqualTo(6);
        assertThat(result.ratio()).isNull();
    }

    @Test
    void anEditedCheckpointIsReportedAsTheServicesAuditReportsIt() throws Exception {
        database = new LedgerDatabase(postgres.jdbcUrl(), postgres.username(), postgres.password(), "bench_verify_cp");
        var chain = new SyntheticChain();
        FilledChain filled = benchmark(1).fill(database, chain, out);
        // the checkpoint after block 3 of shard 0 states shard 2's log one leaf larger, its signature left as it was
        execute("UPDATE checkpoint SET note = regexp_replace(note, '^2 (\\d+) ', '2 1\\1 ', 'n')"
                + " WHERE shard = 0 AND height = 3");

        VerifyResult result = benchmark(1).measure(database, chain, filled, null, out);

        assertThat(result.verify().failure()).isNotNull();
        assertThat(result.verify().failure().kind()).isEqualTo("CheckpointSignatureInvalid");
        assertThat(result.verify().failure().shard()).isZero();
        assertThat(result.verify().failure().height()).isEqualTo(3);
        assertThat(result.ratio()).isNull();
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            assertThat(statement.executeUpdate(sql)).isEqualTo(1);
        }
    }

    private long count(String table) throws SQLException {
        return sum("1", table);
    }

    private long sum(String expression, String table) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT sum(" + expression + ") FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }
}
