package health.datasafe.bench.verify;

import health.datasafe.bench.InvalidOption;
import health.datasafe.bench.MachineLoad;
import health.datasafe.bench.ResultFile;
import health.datasafe.integrity.LedgerInvalid;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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

/**
 * How fast a whole ledger can be re-verified compared with merely reading it: starts its own PostgreSQL (zonky's
 * embedded binaries, no devstack), fills the ledger's {@code block} and {@code ledger_tx} tables in a scratch schema
 * with a synthetic signed chain, then alternates plain scans and full verifications ({@link
 * health.datasafe.integrity.ChainVerifier}) of the same rows through the same read path. See docs/bench.md.
 */
public final class VerifyBenchmark {

    /** The scratch schema the program's own database gets. */
    public static final String SCHEMA = "bench_verify";

    private VerifyBenchmark() {
    }

    public static void main(String[] args) {
        int exit;
        try {
            VerifyOptions options = VerifyOptions.parse(args);
            if (options.help()) {
                System.out.println(VerifyOptions.USAGE);
                return;
            }
            exit = run(options);
        } catch (InvalidOption e) {
            System.err.println("dsh-bench verify: " + e.getMessage());
            exit = 2;
        } catch (Exception e) {
            System.err.println("dsh-bench verify: failed: " + e);
            e.printStackTrace(System.err);
            exit = 1;
        }
        System.exit(exit);
    }

    static int run(VerifyOptions options) throws Exception {
        PrintStream out = System.out;
        Double loadBefore = MachineLoad.oneMinute();
        out.println("dsh-bench verify: starting an embedded PostgreSQL ...");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            var database = new LedgerDatabase(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres",
                    SCHEMA);
            var chain = new SyntheticChain();
            FilledChain filled = fill(database, options, chain, out);
            VerifyResult result = measure(database, options, chain, filled, loadBefore, out);
            out.print(result.table());
            Path output = options.output() != null ? options.output() : ResultFile.defaultPath("verify-result.json");
            ResultFile.write(JsonMapper.builder().build(), result, output);
            out.println("Result written to " + output);
            return result.verify().failure() == null ? 0 : 1;
        }
    }

    /** Fills the scratch schema of {@code database} with {@code chain}'s synthetic ledger. */
    static FilledChain fill(LedgerDatabase database, VerifyOptions options, SyntheticChain chain, PrintStream out)
            throws SQLException, InterruptedException {
        out.printf(Locale.ROOT, "dsh-bench verify: generating, signing and inserting %,d transactions in %d shards,"
                        + " blocks of %d, into schema %s ...%n", options.transactions(), options.shards(),
                options.blockSize(), database.schema());
        FilledChain filled = chain.fill(database, options.transactions(), options.shards(), options.blockSize(),
                Math.min(options.shards(), Runtime.getRuntime().availableProcessors()));
        out.printf(Locale.ROOT, "dsh-bench verify: %,d transactions in %,d blocks, %.1f MB of canonical JSON, in %.1f s%n",
                filled.transactions(), filled.blocks(), filled.canonicalBytes() / 1e6, filled.seconds());
        return filled;
    }

    /**
     * The warm-up and measured rounds, each a plain scan then a full verification, and a profiling pass. A verification
     * that fails is reported, not thrown: no verification round is run after it, the scans go on.
     *
     * @param loadBefore the machine's load average before the run began (filling the ledger loads it too), or null
     */
    static VerifyResult measure(LedgerDatabase database, VerifyOptions options, SyntheticChain chain,
                                FilledChain filled, Double loadBefore, PrintStream out)
            throws SQLException, InterruptedException {
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<String> plan;
        List<ReadRound> scans = new ArrayList<>();
        List<ReadRound> verifies = new ArrayList<>();
        ChainFailure failure = null;
        Breakdown breakdown = null;
        try (var bench = new ReadBenchmark(database, options.shards(), options.threads(), options.fetchSize(),
                chain.signers())) {
            plan = bench.plan();
            int total = options.warmupRounds() + options.rounds();
            for (int round = 0; round < total; round++) {
                boolean warmup = round < options.warmupRounds();
                String name = warmup ? "warm-up " + (round + 1) : "round " + (round - options.warmupRounds() + 1);
                ReadRound scan = bench.scan();
                out.printf(Locale.ROOT, "dsh-bench verify: %-10s scan   %7.3f s  %,10.0f tx/s%n", name, scan.seconds(),
                        scan.transactionsPerSecond());
                if (!warmup) {
                    scans.add(scan);
                }
                if (failure != null) {
                    continue;
                }
                try {
                    ReadRound verify = bench.verify();
                    out.printf(Locale.ROOT, "dsh-bench verify: %-10s verify %7.3f s  %,10.0f tx/s%n", name,
                            verify.seconds(), verify.transactionsPerSecond());
                    if (!warmup) {
                        verifies.add(verify);
                    }
                } catch (LedgerInvalid invalid) {
                    failure = ChainFailure.of(invalid);
                    out.println("dsh-bench verify: " + name + " verification FAILED: " + invalid.getMessage());
                }
            }
            if (failure == null) {
                breakdown = bench.profile();
            }
        }
        Double loadAtEnd = MachineLoad.oneMinute();
        ReadFigures scan = ReadFigures.of(scans, null);
        ReadFigures verify = ReadFigures.of(verifies, failure);
        Double ratio = VerifyResult.ratio(scan, verify);
        return new VerifyResult(startedAt, Runtime.version().toString(), Runtime.getRuntime().availableProcessors(),
                postgresVersion(database), filled, options.threads(), options.fetchSize(), options.warmupRounds(),
                List.of(ChainRows.BLOCKS, ChainRows.TRANSACTIONS), plan,
                loadBefore == null || loadAtEnd == null ? null : List.of(loadBefore, loadAtEnd), scan, verify, breakdown, ratio, VerifyResult.GOAL,
                ratio == null ? null : ratio >= VerifyResult.GOAL);
    }

    private static String postgresVersion(LedgerDatabase database) throws SQLException {
        try (Connection connection = database.connect();
             Statement query = connection.createStatement();
             ResultSet result = query.executeQuery("SHOW server_version")) {
            result.next();
            return "PostgreSQL " + result.getString(1);
        }
    }
}
