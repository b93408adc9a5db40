package health.datasafe.bench.nodes;

import health.datasafe.bench.DevstackConnection;
import health.datasafe.bench.MachineLoad;
import health.datasafe.bench.OptionValues;
import health.datasafe.bench.ResultFile;
import health.datasafe.bench.capacity.CapacityReport;
import health.datasafe.bench.capacity.OpenLoopLoad;
import health.datasafe.bench.capacity.RateSearch;
import health.datasafe.bench.capacity.StepCriteria;
import health.datasafe.bench.capacity.StepResult;
import health.datasafe.bench.capacity.StoredTimestamps;
import health.datasafe.bench.processes.DevstackProcesses;
import health.datasafe.bench.submit.BenchPatient;
import health.datasafe.bench.submit.Gateway;
import health.datasafe.bench.submit.RecordBodies;
import health.datasafe.bench.submit.SubmitLoad;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Issue 11's comparison: for each ledger node count in turn (one, then three), a fresh devstack of that many nodes is
 * launched, its patients enrolled, and the same open-loop load offered: a settling load not counted (the JVMs compile
 * what they run: measured cold, three nodes looked eight times slower than they are), one step at a fixed rate for latency (due to
 * COMMITTED, the block on node 1; due to FINAL, the 201 or the poll that saw it final), then the search for the highest
 * rate that holds; then it is stopped. The most nodes' max final tx/s over the fewest's, whichever ran first, is the
 * figure the issue asks for (at least 0.7). See docs/bench.md.
 */
@Command(name = "nodes", sortOptions = false, sortSynopsis = false, usageHelpAutoWidth = true,
        description = "Committed and final tx/s and latency of the devstack with one ledger node against three,"
                + " each launched fresh by the benchmark, in one run.",
        footerHeading = "%n",
        footer = {"Durations: 30s, 500ms, 2m, a number of seconds, or ISO-8601 (PT30S).",
                "Exit status: 0 every node count ran and made transactions final (a missed goal is reported, not",
                "failed), 1 a devstack did not start or nothing became final, 2 bad option."})
public final class NodesBenchmark implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    private boolean help;

    @Option(names = "--nodes", paramLabel = "N,M", defaultValue = "1,3", split = ",",
            description = "ledger node counts, run in this order, each 1..7 (default: ${DEFAULT-VALUE})")
    int[] nodes;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "8",
            description = "the fixed rate of the latency step, tx/s (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--step", paramLabel = "D", defaultValue = "15s", converter = OptionValues.DurationConverter.class,
            description = "measured window of every step (default: ${DEFAULT-VALUE})")
    Duration step;

    @Option(names = "--warmup", paramLabel = "D", defaultValue = "5s", converter = OptionValues.DurationConverter.class,
            description = "load before each measured window, not counted (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--settle", paramLabel = "D", defaultValue = "180s",
            converter = OptionValues.DurationConverter.class,
            description = "load at --start-rate after each devstack started, not counted, so that its JVMs have compiled"
                    + " what the load runs before anything is measured (default: ${DEFAULT-VALUE})")
    Duration settle;

    @Option(names = "--start-rate", paramLabel = "R", defaultValue = "20",
            description = "find-max: the first rate (default: ${DEFAULT-VALUE})")
    double startRate;

    @Option(names = "--factor", paramLabel = "F", defaultValue = "1.5",
            description = "find-max: multiply the rate by F while steps hold (default: ${DEFAULT-VALUE})")
    double factor;

    @Option(names = "--refinements", paramLabel = "N", defaultValue = "2", converter = OptionValues.CountConverter.class,
            description = "find-max: halvings of the gap between held and failed rates (default: ${DEFAULT-VALUE})")
    int refinements;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "10", converter = OptionValues.CountConverter.class,
            description = "find-max: steps at most per node count (default: ${DEFAULT-VALUE})")
    int maxSteps;

    @Option(names = "--patients", paramLabel = "N", defaultValue = "200", converter = OptionValues.CountConverter.class,
            description = "synthetic patients enrolled on each devstack (default: ${DEFAULT-VALUE})")
    int patients;

    @Option(names = "--enrol-concurrency", paramLabel = "N", defaultValue = "16",
            converter = OptionValues.CountConverter.class,
            description = "registrations at a time while enrolling (default: ${DEFAULT-VALUE})")
    int enrolConcurrency;

    @Option(names = "--commit-deadline", paramLabel = "D", defaultValue = "10s",
            converter = OptionValues.DurationConverter.class,
            description = "not final this long after it was due is a timeout; also Prefer: wait (default: ${DEFAULT-VALUE})")
    Duration commitDeadline;

    @Option(names = "--record-bytes", paramLabel = "N", defaultValue = "2048",
            converter = OptionValues.CountConverter.class,
            description = "size of each synthetic record body (default: ${DEFAULT-VALUE})")
    int recordBytes;

    @Option(names = "--startup-timeout", paramLabel = "D", defaultValue = "300s",
            converter = OptionValues.DurationConverter.class,
            description = "how long each devstack may take to start (default: ${DEFAULT-VALUE})")
    Duration startupTimeout;

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".",
            description = "the repository root with the built jars (default: the working directory)")
    Path repository;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "where each devstack keeps its data and output (default: bench/target/nodes, next to the jar)")
    Path workDir;

    @Option(names = "--output", paramLabel = "FILE",
            description = "where the JSON result goes (default: bench/target/nodes-result.json, next to the jar)")
    Path output;

    NodesBenchmark() {
    }

    @Override
    public Integer call() throws Exception {
        if (nodes.length == 0 || Arrays.stream(nodes).anyMatch(n -> n < 1 || n > 7)) {
            throw new ParameterException(spec.commandLine(), "--nodes " + Arrays.toString(nodes)
                    + ": give one or more node counts, each 1..7");
        }
        if (!(rate > 0) || !(startRate > 0) || !(factor > 1)) {
            throw new ParameterException(spec.commandLine(), "--rate %s, --start-rate %s, --factor %s: the rates must be"
                    .formatted(rate, startRate, factor) + " above 0, the factor above 1");
        }
        OptionValues.positive(spec, "--step", step);
        OptionValues.positive(spec, "--warmup", warmup);
        OptionValues.positive(spec, "--settle", settle);
        OptionValues.positive(spec, "--commit-deadline", commitDeadline);
        OptionValues.positive(spec, "--startup-timeout", startupTimeout);
        OptionValues.within(spec, "--max-steps", maxSteps, 1, 50);
        OptionValues.within(spec, "--refinements", refinements, 0, 10);
        OptionValues.within(spec, "--patients", patients, 1, 100_000);
        OptionValues.within(spec, "--enrol-concurrency", enrolConcurrency, 1, 1024);
        OptionValues.within(spec, "--record-bytes", recordBytes, 256, 1_000_000);

        PrintWriter out = spec.commandLine().getOut();
        JsonMapper json = JsonMapper.builder().build();
        Path work = workDir != null ? workDir : ResultFile.defaultPath("nodes");
        String runId = "nodes-" + Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Double loadBefore = MachineLoad.oneMinute();
        List<NodeCountResult> counts = new ArrayList<>();
        for (int count : nodes) {
            try {
                counts.add(run(count, runId, work, json, out));
            } catch (DevstackDidNotStart e) {
                spec.commandLine().getErr().println("dsh-bench nodes: " + e.getMessage());
                return 1;
            }
        }
        NodesResult result = NodesResult.of(runId, startedAt, rate, counts,
                Arrays.asList(loadBefore, MachineLoad.oneMinute()));
        out.print(result.table());
        Path file = output != null ? output : ResultFile.defaultPath("nodes-result.json");
        ResultFile.write(json, result, file);
        out.println("Result written to " + file);
        out.flush();
        return counts.stream().allMatch(c -> c.latency().committed() > 0) ? 0 : 1;
    }

    private NodeCountResult run(int count, String runId, Path work, JsonMapper json, PrintWriter out)
            throws Exception {
        Path dataDir = work.resolve("devstack-" + count).toAbsolutePath();
        Path log = work.resolve("devstack-" + count + ".log").toAbsolutePath();
        out.printf("dsh-bench nodes: starting a fresh devstack with %d ledger node(s) in %s (output in %s) ...%n", count,
                dataDir, log);
        out.flush();
        long launched = System.nanoTime();
        try (LaunchedDevstack devstack = LaunchedDevstack.start(repository.toAbsolutePath().normalize(), dataDir, count,
                startupTimeout, log)) {
            double startSeconds = (System.nanoTime() - launched) / 1e9;
            DevstackConnection connection = devstack.connection();
            Path description = dataDir.resolve(DevstackConnection.FILE_NAME);
            out.printf("dsh-bench nodes: up after %.0f s at %s; registering %d patients ...%n", startSeconds,
                    connection.gatewayUrl(), patients);
            out.flush();
            try (Gateway gateway = new Gateway(connection.gatewayBase(), connection.tokenUri(), json)) {
                List<BenchPatient> enrolled = SubmitLoad.enrol(gateway, runId + "-n" + count, patients,
                        enrolConcurrency);
                var load = new OpenLoopLoad(gateway, enrolled, RecordBodies.synthetic(recordBytes), commitDeadline,
                        10_000, new StoredTimestamps(connection.jdbcUrl(), connection.username(), connection.password()),
                        () -> DevstackProcesses.find(description, json, connection.jdbcUrl(), connection.username(),
                                connection.password()));
                out.printf("dsh-bench nodes: %d node(s), settling: %.1f tx/s for %d s, not counted ...%n", count,
                        startRate, settle.toSeconds());
                out.flush();
                load.step("settle", startRate, warmup, settle);
                StepResult latency = step(load, count, "fixed rate", rate, out);
                RateSearch.Steps searched = new RateSearch(startRate, factor, refinements, 1, 1_000_000, maxSteps)
                        .confirmingFailures()
                        .run(offered -> step(load, count, "find-max", offered, out));
                StepResult best = searched.best();
                Double committedPerSecond = best == null || best.blockCommitted() == null ? null
                        : best.blockCommitted().count() / best.seconds();
                return new NodeCountResult(count, startSeconds, latency, best == null ? null : best.rate(),
                        best == null ? null : best.committedPerSecond(), committedPerSecond, searched.all());
            }
        } finally {
            out.printf("dsh-bench nodes: devstack with %d ledger node(s) stopped%n", count);
            out.flush();
        }
    }

    private StepResult step(OpenLoopLoad load, int count, String label, double offered, PrintWriter out)
            throws InterruptedException {
        out.printf("dsh-bench nodes: %d node(s), %s: %.1f tx/s offered, %d s warm-up + %d s measured ...%n", count,
                label, offered, warmup.toSeconds(), step.toSeconds());
        out.flush();
        StepResult result = load.step(label, offered, warmup, step).judged(StepCriteria.ISSUE);
        out.println("dsh-bench nodes:   " + CapacityReport.stepLine(result) + (result.blockCommitted() == null ? ""
                : "; committed on node 1: %d, p99 %.0f ms".formatted(result.blockCommitted().count(),
                result.blockCommitted().p99Millis())));
        out.flush();
        return result;
    }
}
