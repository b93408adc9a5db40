package health.datasafe.bench.capacity;

import health.datasafe.bench.MachineLoad;
import health.datasafe.bench.baseline.BaselineResult;
import health.datasafe.bench.baseline.PostgresBaseline;
import health.datasafe.bench.processes.DevstackProcesses;
import health.datasafe.bench.processes.WatchedProcess;
import health.datasafe.bench.submit.BenchPatient;
import health.datasafe.bench.submit.Gateway;
import health.datasafe.bench.submit.RecordBodies;
import health.datasafe.bench.submit.SubmitLoad;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * A capacity run against a running devstack: enrols the patients, runs the steps the mode asks for (one rate; the
 * search for the highest rate that holds, then half of it and one client; or twice and four times a known maximum and
 * a recovery check), then the PostgreSQL baseline with a fixed 8 threads on the same database, and gathers every
 * figure into one {@link CapacityResult}.
 */
public final class CapacityRun {

    private static final double NORMAL_MILLIS = StepCriteria.ISSUE.maxP99Millis();
    private static final double RECOVERY_GOAL_SECONDS = 10;

    private final CapacitySettings settings;
    private final String gatewayBase;
    private final String tokenUri;
    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final Path description;
    private final JsonMapper json;
    private final PrintStream out;

    public CapacityRun(CapacitySettings settings, String gatewayBase, String tokenUri, String jdbcUrl, String username,
                       String password, Path description, JsonMapper json, PrintStream out) {
        this.settings = settings;
        this.gatewayBase = gatewayBase;
        this.tokenUri = tokenUri;
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.description = description;
        this.json = json;
        this.out = out;
    }

    /** The maximum the overload multiplies: {@code --max}, or {@code maxCommittedPerSecond} of an earlier result. */
    public static OptionalDouble earlierMaximum(JsonMapper json, Path file) {
        if (!Files.isRegularFile(file)) {
            return OptionalDouble.empty();
        }
        JsonNode max = json.readTree(file.toFile()).path("maxCommittedPerSecond");
        return max.isNumber() && max.asDouble() > 0 ? OptionalDouble.of(max.asDouble()) : OptionalDouble.empty();
    }

    public CapacityResult run(String runId, String gatewayUrl, RecordBodies bodies, CapacityResult.Bodies bodiesInfo,
                              double overloadMax, String overloadMaxFrom) throws Exception {
        Double loadBefore = MachineLoad.oneMinute();
        Instant startedAt = Instant.now();
        Supplier<List<WatchedProcess>> processes = () -> DevstackProcesses.find(description, json, jdbcUrl, username,
                password);
        StoredTimestamps timestamps = new StoredTimestamps(jdbcUrl, username, password);
        List<StepResult> steps = new ArrayList<>();
        Double max = null;
        Double maxRate = null;
        CapacityResult.HalfLoad halfLoad = null;
        CapacityResult.SingleClient single = null;
        StoredTimestamps.StageSplit stages = null;
        Overload overload = null;
        try (Gateway gateway = new Gateway(gatewayBase, tokenUri, json)) {
            long enrolStart = System.nanoTime();
            out.printf("dsh-bench: registering %d synthetic patients %s-0..%d, %d at a time%n", settings.patients(),
                    runId, settings.patients() - 1, settings.enrolConcurrency());
            List<BenchPatient> patients = SubmitLoad.enrol(gateway, runId, settings.patients(),
                    settings.enrolConcurrency());
            out.printf("dsh-bench: %d patients registered in %.1f s%n", patients.size(),
                    (System.nanoTime() - enrolStart) / 1e9);
            OpenLoopLoad load = new OpenLoopLoad(gateway, patients, bodies, settings.commitDeadline(),
                    settings.maxOutstanding(), timestamps, processes);
            switch (settings.mode()) {
                case "rate" -> {
                    StepResult step = step(load, "rate", settings.rate(), settings.window());
                    steps.add(step);
                    stages = step.stages();
                }
                case "find-max" -> {
                    RateSearch search = new RateSearch(settings.startRate(), settings.factor(),
                            settings.refinements(), 1, 1_000_000, settings.maxSteps());
                    RateSearch.Steps searched = search.run(rate -> step(load, "find-max", rate, settings.step()));
                    steps.addAll(searched.all());
                    StepResult best = searched.best();
                    if (best != null) {
                        max = best.committedPerSecond();
                        maxRate = best.rate();
                        StepResult half = step(load, "half load", Math.max(0.1, Math.round(best.rate() * 5) / 10.0),
                                settings.step());
                        steps.add(half);
                        halfLoad = new CapacityResult.HalfLoad(half.rate(), half.latency().p50Millis(),
                                half.latency().p99Millis(), half.committedShare());
                        stages = half.stages();
                    } else {
                        out.println("dsh-bench: no rate held, not even the lowest tried; no half-load step");
                        stages = steps.isEmpty() ? null : steps.getFirst().stages();
                    }
                    out.printf("dsh-bench: one client back to back for %d s ...%n", settings.singleClient().toSeconds());
                    OpenLoopLoad.SingleClient client = load.singleClient(Duration.ofSeconds(2),
                            settings.singleClient());
                    single = new CapacityResult.SingleClient(client.latency().p50Millis(),
                            client.latency().p99Millis(), client.committed());
                    out.printf("dsh-bench:   committed %d, p50 %.1f ms, p99 %.1f ms, errors %s%n", client.committed(),
                            client.latency().p50Millis(), client.latency().p99Millis(), client.errors());
                }
                case "overload" -> {
                    max = overloadMax;
                    List<StepResult> overloadSteps = new ArrayList<>();
                    List<Overload.Multiple> multiples = new ArrayList<>();
                    double lowRate = Math.max(1, Math.round(overloadMax) / 10.0);
                    Recovery recovery = null;
                    for (int i = 0; i < CapacitySettings.OVERLOAD_MULTIPLES.length; i++) {
                        double multiple = CapacitySettings.OVERLOAD_MULTIPLES[i];
                        String label = "overload " + (int) multiple + "x";
                        double rate = Math.round(overloadMax * multiple * 10) / 10.0;
                        out.printf("dsh-bench: %s: %.1f tx/s offered, %d s warm-up + %d s measured ...%n", label,
                                rate, settings.warmup().toSeconds(), settings.overloadWindow().toSeconds());
                        OpenLoopLoad.Running running = load.start(label, rate, settings.warmup(),
                                settings.overloadWindow());
                        if (i == CapacitySettings.OVERLOAD_MULTIPLES.length - 1) {
                            // the recovery check begins the moment the overload's arrivals stop
                            out.printf("dsh-bench: recovery check at %.1f tx/s for %d s, from the moment the"
                                    + " overload stopped ...%n", lowRate, settings.recoveryDuration().toSeconds());
                            recovery = load.recovery(lowRate, settings.recoveryDuration(), NORMAL_MILLIS);
                        }
                        StepResult step = load.finish(running).judged(StepCriteria.ISSUE);
                        out.println("dsh-bench:   " + CapacityReport.stepLine(step));
                        overloadSteps.add(step);
                        multiples.add(Overload.Multiple.of(multiple, overloadMax, step));
                    }
                    steps.addAll(overloadSteps);
                    overload = new Overload(overloadMax, overloadMaxFrom, overloadSteps, multiples, recovery,
                            ProcessSummary.of(overloadSteps));
                    stages = overloadSteps.getFirst().stages();
                }
                default -> throw new IllegalArgumentException("no capacity mode " + settings.mode());
            }
        }

        BaselineResult baseline = null;
        if (!settings.mode().equals("overload")) {
            out.printf("dsh-bench: PostgreSQL baseline, %d threads for %d s in scratch schema %s ...%n",
                    CapacitySettings.BASELINE_THREADS, settings.baselineDuration().toSeconds(),
                    PostgresBaseline.DEFAULT_SCHEMA);
            try {
                baseline = new PostgresBaseline(jdbcUrl, username, password, PostgresBaseline.DEFAULT_SCHEMA)
                        .run(CapacitySettings.BASELINE_THREADS, settings.baselineDuration(),
                                settings.baselineRowBytes());
            } catch (SQLException e) {
                out.println("dsh-bench: PostgreSQL baseline failed: " + e.getMessage());
            }
        }
        Double raw = baseline == null || baseline.rowsPerSecond() <= 0 ? null : baseline.rowsPerSecond();
        Double throughput = max != null ? max : settings.mode().equals("rate") ? steps.getFirst().committedPerSecond()
                : null;
        Double ratio = raw == null || throughput == null ? null : throughput / raw;
        List<Goal> goals = settings.mode().equals("rate") ? List.of() : goals(ratio, halfLoad, single, overload);
        return new CapacityResult(settings.mode(), runId, startedAt.toString(), gatewayUrl, settings.patients(),
                bodiesInfo, settings.commitDeadline().toNanos() / 1e9, max, maxRate, raw, ratio, halfLoad, single,
                ProcessSummary.of(steps), stages, goals, steps, baseline, overload,
                Arrays.asList(loadBefore, MachineLoad.oneMinute()));
    }

    private StepResult step(OpenLoopLoad load, String label, double rate, Duration window) throws InterruptedException {
        out.printf("dsh-bench: %s: %.1f tx/s offered, %d s warm-up + %d s measured ...%n", label, rate,
                settings.warmup().toSeconds(), window.toSeconds());
        StepResult step = load.step(label, rate, settings.warmup(), window).judged(StepCriteria.ISSUE);
        out.println("dsh-bench:   " + CapacityReport.stepLine(step));
        return step;
    }

    static List<Goal> goals(Double ratio, CapacityResult.HalfLoad halfLoad, CapacityResult.SingleClient single,
                            Overload overload) {
        List<Goal> goals = new ArrayList<>();
        if (overload == null) {
            goals.add(Goal.atLeast("throughput: max committed tx/s / raw inserts/s (8 threads)", 0.25, ratio, "x"));
            goals.add(Goal.atMost("half load: submit->committed p99", 250,
                    halfLoad == null ? null : halfLoad.p99Millis(), "ms"));
            goals.add(Goal.atMost("half load: submit->committed p50", 50,
                    halfLoad == null ? null : halfLoad.p50Millis(), "ms"));
            goals.add(Goal.atMost("one client: submit->committed p50", 25,
                    single == null || single.committed() == 0 ? null : single.p50Millis(), "ms"));
        } else {
            for (Overload.Multiple multiple : overload.multiples()) {
                goals.add(Goal.atLeast("overload " + (int) multiple.multiple() + "x: committed tx/s / max", 0.90,
                        multiple.shareOfMax(), "x"));
            }
            String recovery = "recovery: seconds until requests commit within 1 s again";
            goals.add(overload.recovery().recovered()
                    ? Goal.atMost(recovery, RECOVERY_GOAL_SECONDS, overload.recovery().secondsUntilNormal(), "s")
                    : new Goal(recovery, RECOVERY_GOAL_SECONDS, null, "s", "FAIL"));
        }
        return goals;
    }
}
