package health.datasafe.bench;

import health.datasafe.bench.baseline.BaselineResult;
import health.datasafe.bench.baseline.PostgresBaseline;
import health.datasafe.bench.submit.BenchPatient;
import health.datasafe.bench.submit.Gateway;
import health.datasafe.bench.submit.RequestRefused;
import health.datasafe.bench.submit.SubmitLoad;
import health.datasafe.bench.submit.SubmitResult;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Measures what the devstack commits: synthetic patients add records through the gateway and wait until each
 * RECORD_ADDED is in a committed block; then PostgreSQL's raw single-row insert rate is measured on the same
 * database for comparison. Needs a running {@code ./dsh-devstack}; see docs/bench.md.
 */
public final class SubmitBenchmark {

    private SubmitBenchmark() {
    }

    public static void main(String[] args) {
        int exit;
        try {
            BenchOptions options = BenchOptions.parse(args);
            if (options.help()) {
                System.out.println(BenchOptions.USAGE);
                return;
            }
            exit = run(options);
        } catch (InvalidOption | DevstackNotRunning e) {
            System.err.println("dsh-bench: " + e.getMessage());
            exit = 2;
        } catch (RequestRefused e) {
            System.err.println("dsh-bench: the gateway refused the benchmark: " + e.getMessage());
            exit = 1;
        } catch (ConnectException e) {
            System.err.println("dsh-bench: cannot reach the devstack (" + e + "); is ./dsh-devstack still running?");
            exit = 1;
        } catch (SQLException e) {
            System.err.println("dsh-bench: PostgreSQL baseline failed: " + e.getMessage());
            exit = 1;
        } catch (Exception e) {
            System.err.println("dsh-bench: failed: " + e);
            e.printStackTrace(System.err);
            exit = 1;
        }
        System.exit(exit);
    }

    static int run(BenchOptions options) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        DevstackConnection devstack = DevstackConnection.read(options.dataDir());
        String runId = "bench-" + Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        System.out.printf("dsh-bench: devstack at %s (from %s), run %s%n", devstack.gatewayUrl(),
                options.dataDir().resolve(DevstackConnection.FILE_NAME), runId);

        SubmitResult submit;
        try (Gateway gateway = new Gateway(devstack.gatewayBase(), devstack.tokenUri(), json)) {
            SubmitLoad load = new SubmitLoad(gateway, options.recordBytes());
            System.out.printf("dsh-bench: registering %d synthetic patients %s-0..%d%n", options.clients(), runId,
                    options.clients() - 1);
            List<BenchPatient> patients = load.enrol(runId, options.clients());
            System.out.printf("dsh-bench: submitting for %d s warm-up + %d s measured ...%n",
                    options.warmup().toSeconds(), options.duration().toSeconds());
            submit = load.run(patients, options.warmup(), options.duration());
        }

        System.out.printf("dsh-bench: PostgreSQL baseline, %d threads for %d s in scratch schema %s ...%n",
                options.clients(), options.baselineDuration().toSeconds(), PostgresBaseline.DEFAULT_SCHEMA);
        BaselineResult baseline = new PostgresBaseline(devstack.jdbcUrl(), devstack.username(), devstack.password(),
                PostgresBaseline.DEFAULT_SCHEMA).run(options.clients(), options.baselineDuration(), options.recordBytes());

        BenchResult result = new BenchResult(runId, startedAt.toString(), devstack.gatewayUrl(), options.clients(),
                options.recordBytes(), options.warmup().toNanos() / 1e9, submit, baseline,
                BenchResult.ratio(submit, baseline));
        System.out.print(result.table());
        Path output = options.output() != null ? options.output() : defaultOutput();
        write(json, result, output);
        System.out.println("Result written to " + output);
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
