package health.datasafe.bench.verify;

import health.datasafe.bench.MachineLoad;
import health.datasafe.bench.OptionValues;
import health.datasafe.bench.ResultFile;
import health.datasafe.ledger.verify.ChainCursors;
import health.datasafe.ledger.verify.ChainAudit;
import health.datasafe.ledger.verify.Verification;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * How fast the ledger-service re-verifies a whole ledger compared with merely reading it: starts its own PostgreSQL
 * (zonky's embedded binaries, no devstack), migrates a scratch schema with the ledger-service's Flyway migrations and
 * fills it with a synthetic signed chain, then alternates plain scans ({@link PlainScan}) and runs of the service's
 * own {@link ChainAudit} over the same rows, on the same connection. See docs/bench.md.
 */
@Command(name = "verify", sortOptions = false, sortSynopsis = false, usageHelpAutoWidth = true,
        description = {"The ledger-service's ChainAudit (GET /api/ledger/verify) versus a plain scan of the same rows,"
                + " on a synthetic signed ledger in its own embedded PostgreSQL."},
        footerHeading = "%n",
        footer = {"Numbers: 200000, 200_000, 200k or 2m.",
                "Exit status: 0 the ledger verified (goal met or not), 1 it did not or something failed, 2 bad option."})
public final class VerifyBenchmark implements Callable<Integer> {

    /** The scratch schema the program's own database gets. */
    public static final String SCHEMA = "bench_verify";

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    private boolean help;

    @Option(names = "--transactions", paramLabel = "N", defaultValue = "200000",
            converter = OptionValues.CountConverter.class,
            description = "transactions in the synthetic signed ledger (default: ${DEFAULT-VALUE})")
    int transactions;

    @Option(names = "--shards", paramLabel = "N", defaultValue = "3", converter = OptionValues.CountConverter.class,
            description = "independent chains they are spread over, evenly (default: ${DEFAULT-VALUE})")
    int shards;

    @Option(names = "--block-size", paramLabel = "N", defaultValue = "500", converter = OptionValues.CountConverter.class,
            description = "transactions per block; a shard's last block may hold fewer (default: ${DEFAULT-VALUE})")
    int blockSize;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5", converter = OptionValues.CountConverter.class,
            description = "measured rounds, each one plain scan and one ChainAudit verification"
                    + " (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--warmup-rounds", paramLabel = "N", defaultValue = "2",
            converter = OptionValues.CountConverter.class,
            description = "rounds run first and not counted (default: ${DEFAULT-VALUE})")
    int warmupRounds;

    @Option(names = "--output", paramLabel = "FILE",
            description = "where the JSON result goes (default: bench/target/verify-result.json, next to the jar)")
    Path output;

    VerifyBenchmark() {
    }

    @Override
    public Integer call() throws Exception {
        OptionValues.within(spec, "--transactions", transactions, 1, 100_000_000);
        OptionValues.within(spec, "--shards", shards, 1, 64);
        OptionValues.within(spec, "--block-size", blockSize, 1, 100_000);
        OptionValues.within(spec, "--rounds", rounds, 1, 100);
        OptionValues.within(spec, "--warmup-rounds", warmupRounds, 0, 100);
        PrintStream out = System.out;
        Double loadBefore = MachineLoad.oneMinute();
        out.println("dsh-bench verify: starting an embedded PostgreSQL ...");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            var database = new LedgerDatabase(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres",
                    SCHEMA);
            var chain = new SyntheticChain();
            FilledChain filled = fill(database, chain, out);
            VerifyResult result = measure(database, chain, filled, loadBefore, out);
            out.print(result.table());
            Path file = output != null ? output : ResultFile.defaultPath("verify-result.json");
            ResultFile.write(JsonMapper.builder().build(), result, file);
            out.println("Result written to " + file);
            return result.verify().failure() == null ? 0 : 1;
        }
    }

    /** Migrates the scratch schema of {@code database} and fills it with {@code chain}'s synthetic ledger. */
    FilledChain fill(LedgerDatabase database, SyntheticChain chain, PrintStream out)
            throws SQLException, InterruptedException {
        out.printf(Locale.ROOT, "dsh-bench verify: generating, signing and inserting %,d transactions in %d shards,"
                        + " blocks of %d, into schema %s (ledger-service's migrations) ...%n", transactions,
                shards, blockSize, database.schema());
        FilledChain filled = chain.fill(database, transactions, shards, blockSize,
                Math.min(shards, Runtime.getRuntime().availableProcessors()));
        out.printf(Locale.ROOT, "dsh-bench verify: %,d transactions in %,d blocks, %.1f MB of canonical JSON, in %.1f s%n",
                filled.transactions(), filled.blocks(), filled.canonicalBytes() / 1e6, filled.seconds());
        return filled;
    }

    /**
     * The warm-up and measured rounds, each a plain scan then a ChainAudit verification, on one connection. A
     * verification that fails is reported, not thrown: no verification round is run after it, the scans go on.
     *
     * @param loadBefore the machine's load average before the run began (filling the ledger loads it too), or null
     */
    VerifyResult measure(LedgerDatabase database, SyntheticChain chain, FilledChain filled, Double loadBefore,
                         PrintStream out) throws SQLException {
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<ReadRound> scans = new ArrayList<>();
        List<ReadRound> verifies = new ArrayList<>();
        ChainFailure failure = null;
        List<String> plan;
        String postgres;
        var dataSource = new SingleConnectionDataSource(database.url(), database.username(), database.password(), true);
        try (var audit = new AuditedLedger(dataSource, chain.nodeKey())) {
            plan = PlainScan.plan(dataSource);
            postgres = postgresVersion(dataSource);
            int total = warmupRounds + rounds;
            for (int round = 0; round < total; round++) {
                boolean warmup = round < warmupRounds;
                String name = warmup ? "warm-up " + (round + 1) : "round " + (round - warmupRounds + 1);
                long began = System.nanoTime();
                PlainScan.Count count = PlainScan.read(dataSource);
                ReadRound scan = ReadRound.of(System.nanoTime() - began, count.blocks(), count.transactions());
                out.printf(Locale.ROOT, "dsh-bench verify: %-10s scan       %7.3f s  %,10.0f tx/s%n", name,
                        scan.seconds(), scan.transactionsPerSecond());
                if (!warmup) {
                    scans.add(scan);
                }
                if (failure != null) {
                    continue;
                }
                began = System.nanoTime();
                Verification verification = audit.verify();
                long nanos = System.nanoTime() - began;
                switch (verification) {
                    case Verification.Valid valid -> {
                        if (valid.blocks() != count.blocks() || valid.transactions() != count.transactions()) {
                            throw new IllegalStateException("ChainAudit verified %d blocks and %d transactions, the"
                                    .formatted(valid.blocks(), valid.transactions()) + " scan read %d and %d"
                                    .formatted(count.blocks(), count.transactions()));
                        }
                        ReadRound verify = ReadRound.of(nanos, valid.blocks(), valid.transactions());
                        out.printf(Locale.ROOT, "dsh-bench verify: %-10s ChainAudit %7.3f s  %,10.0f tx/s%n", name,
                                verify.seconds(), verify.transactionsPerSecond());
                        if (!warmup) {
                            verifies.add(verify);
                        }
                    }
                    case Verification.Invalid invalid -> {
                        failure = ChainFailure.of(invalid);
                        out.println("dsh-bench verify: " + name + " verification FAILED: " + invalid.detail());
                    }
                }
            }
        } finally {
            dataSource.destroy();
        }
        Double loadAtEnd = MachineLoad.oneMinute();
        ReadFigures scan = ReadFigures.of(scans, null);
        ReadFigures verify = ReadFigures.of(verifies, failure);
        Double ratio = VerifyResult.ratio(scan, verify);
        return new VerifyResult(startedAt, Runtime.version().toString(), Runtime.getRuntime().availableProcessors(),
                postgres, filled, warmupRounds, ChainCursors.QUERIES, plan,
                loadBefore == null || loadAtEnd == null ? null : List.of(loadBefore, loadAtEnd), scan, verify, ratio,
                VerifyResult.GOAL, ratio == null ? null : ratio >= VerifyResult.GOAL);
    }

    private static String postgresVersion(SingleConnectionDataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement query = connection.createStatement();
             ResultSet result = query.executeQuery("SHOW server_version")) {
            result.next();
            return "PostgreSQL " + result.getString(1);
        }
    }
}
