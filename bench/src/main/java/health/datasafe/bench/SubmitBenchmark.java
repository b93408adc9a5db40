package health.datasafe.bench;

import health.datasafe.bench.baseline.BaselineResult;
import health.datasafe.bench.baseline.PostgresBaseline;
import health.datasafe.bench.capacity.CapacityReport;
import health.datasafe.bench.capacity.CapacityResult;
import health.datasafe.bench.capacity.CapacityResultFile;
import health.datasafe.bench.capacity.CapacityRun;
import health.datasafe.bench.capacity.CapacitySettings;
import health.datasafe.bench.submit.RecordBodies;
import health.datasafe.bench.submit.SyntheaCorpus;
import health.datasafe.bench.submit.SyntheaUnavailable;
import picocli.CommandLine.ParameterException;
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
import java.util.OptionalDouble;
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
        footer = {"With none of --rate, --find-max, --overload: the closed loop of --clients clients.",
                "Durations: 30s, 500ms, 2m, a number of seconds, or ISO-8601 (PT30S).",
                "Exit status: 0 a transaction committed in a measured window (missed goals are",
                "reported, not failed), 1 none committed or a phase failed, 2 bad option, no",
                "devstack.json, no maximum for --overload or no Synthea corpus."})
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
            description = "closed loop: concurrent clients, one synthetic patient each, 1..1024"
                    + " (default: ${DEFAULT-VALUE}); the baseline always inserts from 8 threads")
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

    @Option(names = "--rate", paramLabel = "R",
            description = "open loop: offer R RECORD_ADDED per second, on a clock, for --warmup + --duration")
    Double rate;

    @Option(names = "--find-max",
            description = "open loop: raise the rate step by step until fewer than 99%% commit or p99 passes 1 s;"
                    + " then half the maximum, then one client back to back")
    boolean findMax;

    @Option(names = "--overload",
            description = "open loop: 2x and 4x the maximum (--max, or maxCommittedPerSecond of --output's earlier"
                    + " find-max result) for --overload-duration each, then a recovery check")
    boolean overload;

    @Option(names = "--max", paramLabel = "R", description = "the maximum committed tx/s --overload multiplies")
    Double max;

    @Option(names = "--patients", paramLabel = "N", defaultValue = "1000",
            converter = OptionValues.CountConverter.class,
            description = "open loop: synthetic patients enrolled first and submitted for in turn (default: ${DEFAULT-VALUE})")
    int patients;

    @Option(names = "--enrol-concurrency", paramLabel = "N", defaultValue = "32",
            converter = OptionValues.CountConverter.class,
            description = "open loop: registrations at a time while enrolling (default: ${DEFAULT-VALUE})")
    int enrolConcurrency;

    @Option(names = "--step", paramLabel = "D", defaultValue = "20s", converter = OptionValues.DurationConverter.class,
            description = "find-max: measured window of each step and of the half-load step (default: ${DEFAULT-VALUE})")
    Duration step;

    @Option(names = "--start-rate", paramLabel = "R", defaultValue = "25",
            description = "find-max: the first rate (default: ${DEFAULT-VALUE})")
    double startRate;

    @Option(names = "--factor", paramLabel = "F", defaultValue = "1.5",
            description = "find-max: multiply the rate by F while steps hold (default: ${DEFAULT-VALUE})")
    double factor;

    @Option(names = "--refinements", paramLabel = "N", defaultValue = "2",
            converter = OptionValues.CountConverter.class,
            description = "find-max: halvings of the gap between the highest held and lowest failed rate"
                    + " (default: ${DEFAULT-VALUE})")
    int refinements;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "12", converter = OptionValues.CountConverter.class,
            description = "find-max: steps at most (default: ${DEFAULT-VALUE})")
    int maxSteps;

    @Option(names = "--single-client-duration", paramLabel = "D", defaultValue = "20s",
            converter = OptionValues.DurationConverter.class,
            description = "find-max: the one-client window (default: ${DEFAULT-VALUE})")
    Duration singleClientDuration;

    @Option(names = "--commit-deadline", paramLabel = "D", defaultValue = "10s",
            converter = OptionValues.DurationConverter.class,
            description = "open loop: not committed this long after it was due is a timeout; also Prefer: wait"
                    + " (at most 30 s) (default: ${DEFAULT-VALUE})")
    Duration commitDeadline;

    @Option(names = "--max-outstanding", paramLabel = "N", defaultValue = "10000",
            converter = OptionValues.CountConverter.class,
            description = "open loop: requests in flight at most; further arrivals are counted as not offered"
                    + " (default: ${DEFAULT-VALUE})")
    int maxOutstanding;

    @Option(names = "--overload-duration", paramLabel = "D", defaultValue = "60s",
            converter = OptionValues.DurationConverter.class,
            description = "overload: measured window at 2x and at 4x (default: ${DEFAULT-VALUE})")
    Duration overloadDuration;

    @Option(names = "--recovery-duration", paramLabel = "D", defaultValue = "30s",
            converter = OptionValues.DurationConverter.class,
            description = "overload: the low-rate recovery check afterwards (default: ${DEFAULT-VALUE})")
    Duration recoveryDuration;

    @Option(names = "--bodies", paramLabel = "SOURCE",
            description = "record bodies: synthea (FHIR R4 resources generated by Synthea, the default of the open-loop"
                    + " modes) or synthetic (a made-up Observation of --record-bytes, the closed loop's default)")
    String bodies;

    @Option(names = "--synthea-patients", paramLabel = "N", defaultValue = "10",
            converter = OptionValues.CountConverter.class,
            description = "Synthea patients simulated when the corpus is first generated (default: ${DEFAULT-VALUE})")
    int syntheaPatients;

    SubmitBenchmark() {
    }

    @Override
    public Integer call() throws Exception {
        OptionValues.positive(spec, "--duration", duration);
        OptionValues.within(spec, "--clients", clients, 1, 1024);
        OptionValues.within(spec, "--record-bytes", recordBytes, MIN_RECORD_BYTES, MAX_RECORD_BYTES);
        OptionValues.positive(spec, "--baseline-duration", baselineDuration);
        String mode = mode();
        if (mode != null) {
            checkCapacityOptions(mode);
        }
        String bodySource = bodies != null ? bodies : mode == null ? "synthetic" : "synthea";
        if (!bodySource.equals("synthetic") && !bodySource.equals("synthea")) {
            throw new ParameterException(spec.commandLine(), "--bodies " + bodies + ": must be synthea or synthetic");
        }
        PrintWriter err = spec.commandLine().getErr();
        try {
            return mode == null ? run(bodySource) : runCapacity(mode, bodySource);
        } catch (SyntheaUnavailable e) {
            err.println("dsh-bench submit: " + e.getMessage());
            return DshBench.BAD_OPTION;
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

    /** {@code rate}, {@code find-max}, {@code overload}, or null for the closed loop. */
    String mode() {
        int modes = (rate != null ? 1 : 0) + (findMax ? 1 : 0) + (overload ? 1 : 0);
        if (modes > 1) {
            throw new ParameterException(spec.commandLine(), "--rate, --find-max and --overload: give one of them");
        }
        return rate != null ? "rate" : findMax ? "find-max" : overload ? "overload" : null;
    }

    private void checkCapacityOptions(String mode) {
        if (rate != null && !(rate > 0 && rate <= 100_000)) {
            throw new ParameterException(spec.commandLine(), "--rate " + rate + ": must be above 0 and at most 100000");
        }
        if (max != null && !(max > 0)) {
            throw new ParameterException(spec.commandLine(), "--max " + max + ": must be above 0");
        }
        if (!(startRate > 0) || !(factor > 1)) {
            throw new ParameterException(spec.commandLine(),
                    "--start-rate %s, --factor %s: the rate must be above 0, the factor above 1".formatted(startRate,
                            factor));
        }
        OptionValues.within(spec, "--patients", patients, 1, 1_000_000);
        OptionValues.within(spec, "--enrol-concurrency", enrolConcurrency, 1, 1024);
        OptionValues.within(spec, "--refinements", refinements, 0, 10);
        OptionValues.within(spec, "--max-steps", maxSteps, 1, 50);
        OptionValues.within(spec, "--max-outstanding", maxOutstanding, 1, 1_000_000);
        OptionValues.within(spec, "--synthea-patients", syntheaPatients, 1, 1000);
        OptionValues.positive(spec, "--step", step);
        OptionValues.positive(spec, "--single-client-duration", singleClientDuration);
        OptionValues.positive(spec, "--commit-deadline", commitDeadline);
        OptionValues.positive(spec, "--overload-duration", overloadDuration);
        OptionValues.positive(spec, "--recovery-duration", recoveryDuration);
    }

    private int runCapacity(String mode, String bodySource) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        DevstackConnection devstack = DevstackConnection.read(dataDir);
        Path file = output != null ? output : defaultOutput();
        double overloadMax = 0;
        String overloadMaxFrom = null;
        if (mode.equals("overload")) {
            if (max != null) {
                overloadMax = max;
                overloadMaxFrom = "--max";
            } else {
                OptionalDouble earlier = CapacityRun.earlierMaximum(json, file);
                if (earlier.isEmpty()) {
                    throw new ParameterException(spec.commandLine(), "--overload needs --max R, or a find-max result"
                            + " with maxCommittedPerSecond in " + file);
                }
                overloadMax = earlier.getAsDouble();
                overloadMaxFrom = file.toString();
            }
        }
        String runId = "bench-" + Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
        System.out.printf("dsh-bench: devstack at %s (from %s), run %s, %s%n", devstack.gatewayUrl(),
                dataDir.resolve(DevstackConnection.FILE_NAME), runId, mode);
        RecordBodies recordBodies;
        CapacityResult.Bodies bodiesInfo;
        if (bodySource.equals("synthea")) {
            SyntheaCorpus corpus = SyntheaCorpus.cachedOrGenerated(SyntheaCorpus.defaultDirectory(), syntheaPatients,
                    System.out);
            recordBodies = corpus;
            bodiesInfo = new CapacityResult.Bodies("synthea", corpus.distinct(), corpus.meanBytes(),
                    corpus.file().toString());
        } else {
            recordBodies = RecordBodies.synthetic(recordBytes);
            bodiesInfo = new CapacityResult.Bodies("synthetic", 0, recordBytes, null);
        }
        var settings = new CapacitySettings(mode, rate == null ? 0 : rate, duration, step, warmup, startRate, factor,
                refinements, maxSteps, singleClientDuration, patients, enrolConcurrency, commitDeadline,
                maxOutstanding, baselineDuration, recordBytes, max, file, overloadDuration, recoveryDuration);
        CapacityResult result = new CapacityRun(settings, devstack.gatewayBase(), devstack.tokenUri(),
                devstack.jdbcUrl(), devstack.username(), devstack.password(),
                dataDir.resolve(DevstackConnection.FILE_NAME), json, System.out)
                .run(runId, devstack.gatewayUrl(), recordBodies, bodiesInfo, overloadMax, overloadMaxFrom);
        System.out.print(CapacityReport.table(result));
        if (mode.equals("overload")) {
            CapacityResultFile.writeOverload(json, result, file);
        } else {
            ResultFile.write(json, result, file);
        }
        System.out.println("Result written to " + file);
        boolean committedAny = result.steps().stream().anyMatch(s -> s.committed() > 0);
        return committedAny ? 0 : 1;
    }

    private int run(String bodySource) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        DevstackConnection devstack = DevstackConnection.read(dataDir);
        String runId = "bench-" + Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        System.out.printf("dsh-bench: devstack at %s (from %s), run %s%n", devstack.gatewayUrl(),
                dataDir.resolve(DevstackConnection.FILE_NAME), runId);

        SubmitResult submit;
        try (Gateway gateway = new Gateway(devstack.gatewayBase(), devstack.tokenUri(), json)) {
            SubmitLoad load = bodySource.equals("synthea")
                    ? new SubmitLoad(gateway, SyntheaCorpus.cachedOrGenerated(SyntheaCorpus.defaultDirectory(),
                    syntheaPatients, System.out))
                    : new SubmitLoad(gateway, recordBytes);
            System.out.printf("dsh-bench: registering %d synthetic patients %s-0..%d%n", clients, runId, clients - 1);
            List<BenchPatient> patients = load.enrol(runId, clients);
            System.out.printf("dsh-bench: submitting for %d s warm-up + %d s measured ...%n", warmup.toSeconds(),
                    duration.toSeconds());
            submit = load.run(patients, warmup, duration);
        }

        System.out.printf("dsh-bench: PostgreSQL baseline, %d threads for %d s in scratch schema %s ...%n",
                CapacitySettings.BASELINE_THREADS, baselineDuration.toSeconds(), PostgresBaseline.DEFAULT_SCHEMA);
        BaselineResult baseline = new PostgresBaseline(devstack.jdbcUrl(), devstack.username(), devstack.password(),
                PostgresBaseline.DEFAULT_SCHEMA).run(CapacitySettings.BASELINE_THREADS, baselineDuration, recordBytes);

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
