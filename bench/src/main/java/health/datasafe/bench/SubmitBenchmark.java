package health.datasafe.bench;

import health.datasafe.bench.baseline.BaselineResult;
import health.datasafe.bench.baseline.PostgresBaseline;
import health.datasafe.bench.submit.BenchPatient;
import health.datasafe.bench.submit.Gateway;
import health.datasafe.bench.submit.RequestRefused;
import health.datasafe.bench.submit.SubmitLoad;
import health.datasafe.bench.submit.SubmitResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Measures what the devstack commits: synthetic patients add records through the gateway and wait until each
 * RECORD_ADDED is in a committed block; then PostgreSQL's raw single-row insert rate is measured on the same
 * database for comparison. Needs a running {@code ./dsh-devstack}; see docs/bench.md.
 */
@Command(name = "submit", sortOptions = false, sortSynopsis = false, usageHelpAutoWidth = true,
        description = "Committed tx/s of a running ./dsh-devstack versus raw PostgreSQL inserts on the same database.",
        footerHeading = "%n",
        footer = {"Durations: 30s, 500ms, 2m, a number of seconds, or ISO-8601 (PT30S).",
                "Exit status: 0 at least one transaction committed in the window, 1 none or a phase failed,",
                "2 bad option or no devstack.json."})
public final class SubmitBenchmark implements Callable<Integer> {

    static final int MIN_RECORD_BYTES = 256;
    static final int MAX_RECORD_BYTES = 1_000_000;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    private boolean help;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".dsh-data",
            description = "the devstack's data directory, where devstack.json is (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "30s",
            converter = OptionValues.DurationConverter.class,
            description = "the measured window of the submit load (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "8", converter = OptionValues.CountConverter.class,
            description = "concurrent clients, one synthetic patient each; also the baseline's insert threads,"
                    + " 1..1024 (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--warmup", paramLabel = "D", defaultValue = "5s", converter = OptionValues.DurationConverter.class,
            description = "load before the measured window, not counted (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--record-bytes", paramLabel = "N", defaultValue = "2048",
            converter = OptionValues.CountConverter.class,
            description = "size of each record body and of each baseline row's payload, " + MIN_RECORD_BYTES + ".."
                    + MAX_RECORD_BYTES + " (default: ${DEFAULT-VALUE})")
    int recordBytes;

    @Option(names = "--baseline-duration", paramLabel = "D", defaultValue = "10s",
            converter = OptionValues.DurationConverter.class,
            description = "how long the PostgreSQL single-row insert baseline runs (default: ${DEFAULT-VALUE})")
    Duration baselineDuration;

    @Option(names = "--output", paramLabel = "FILE",
            description = "where the JSON result goes (default: bench/target/bench-result.json, next to the jar)")
    Path output;

    SubmitBenchmark() {
    }

    @Override
    public Integer call() throws Exception {
        OptionValues.positive(spec, "--duration", duration);
        OptionValues.within(spec, "--clients", clients, 1, 1024);
        OptionValues.within(spec, "--record-bytes", recordBytes, MIN_RECORD_BYTES, MAX_RECORD_BYTES);
        OptionValues.positive(spec, "--baseline-duration", baselineDuration);
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run();
        } catch (DevstackNotRunning e) {
            err.println("dsh-bench submit: " + e.getMessage());
            return DshBench.BAD_OPTION;
        } catch (RequestRefused e) {
            err.println("dsh-bench submit: the gateway refused the benchmark: " + e.getMessage());
            return DshBench.FAILED;
        } catch (ConnectException e) {
            err.println("dsh-bench submit: cannot reach the devstack (" + e + "); is ./dsh-devstack still running?");
            return DshBench.FAILED;
        } catch (SQLException e) {
            err.println("dsh-bench submit: PostgreSQL baseline failed: " + e.getMessage());
            return DshBench.FAILED;
        }
    }

    private int run() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        DevstackConnection devstack = DevstackConnection.read(dataDir);
        String runId = "bench-" + Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        System.out.printf("dsh-bench: devstack at %s (from %s), run %s%n", devstack.gatewayUrl(),
                dataDir.resolve(DevstackConnection.FILE_NAME), runId);

        SubmitResult submit;
        try (Gateway gateway = new Gateway(devstack.gatewayBase(), devstack.tokenUri(), json)) {
            SubmitLoad load = new SubmitLoad(gateway, recordBytes);
            System.out.printf("dsh-bench: registering %d synthetic patients %s-0..%d%n", clients, runId, clients - 1);
            List<BenchPatient> patients = load.enrol(runId, clients);
            System.out.printf("dsh-bench: submitting for %d s warm-up + %d s measured ...%n", warmup.toSeconds(),
                    duration.toSeconds());
            submit = load.run(patients, warmup, duration);
        }

        System.out.printf("dsh-bench: PostgreSQL baseline, %d threads for %d s in scratch schema %s ...%n",
                clients, baselineDuration.toSeconds(), PostgresBaseline.DEFAULT_SCHEMA);
        BaselineResult baseline = new PostgresBaseline(devstack.jdbcUrl(), devstack.username(), devstack.password(),
                PostgresBaseline.DEFAULT_SCHEMA).run(clients, baselineDuration, recordBytes);

        BenchResult result = new BenchResult(runId, startedAt.toString(), devstack.gatewayUrl(), clients, recordBytes,
                warmup.toNanos() / 1e9, submit, baseline, BenchResult.ratio(submit, baseline));
        System.out.print(result.table());
        Path file = output != null ? output : defaultOutput();
        write(json, result, file);
        System.out.println("Result written to " + file);
        return submit.committed() > 0 ? 0 : 1;
    }

    static void write(JsonMapper json, BenchResult result, Path output) throws IOException {
        ResultFile.write(json, result, output);
    }

    /** {@code target/bench-result.json} of the bench module: next to the jar, or above target/classes. */
    static Path defaultOutput() {
        return ResultFile.defaultPath("bench-result.json");
    }
}
