package health.datasafe.bench.capacity;

import health.datasafe.bench.ResultFile;
import health.datasafe.bench.baseline.BaselineResult;
import health.datasafe.bench.latency.LatencySummary;
import health.datasafe.bench.processes.ProcessUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CapacityResultTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static StepResult step(String label, double rate, long offered, long committed, double p50, double p99,
                                   Map<String, Long> errors) {
        var stages = new StoredTimestamps.StageSplit(committed, committed,
                Map.of("created->published", new LatencySummary(committed, 80, 400, 500, 90)), null);
        var processes = List.of(new ProcessUsage("transaction-service", 11, 4.0, 300, 310.0, 20),
                new ProcessUsage("postgresql (postmaster and children)", 22, 3.0, 500, null, 20));
        return new StepResult(label, rate, 5, 20, offered, offered, 0, committed, committed / (double) offered,
                committed / 20.0, new LatencySummary(committed, p50, p99, p99 + 10, p50 + 5), 0, errors,
                new LatencySummary(errors.getOrDefault("shed503", 0L), 2, 9, 12, 3), 0.4, null, stages,
                new LatencySummary(committed, p50 - 20, p99 - 50, p99, p50 - 15), processes, List.of()).judged(StepCriteria.ISSUE);
    }

    private static CapacityResult findMax() {
        StepResult held = step("find-max", 50, 1000, 995, 300, 900, Map.of("timeout", 5L));
        StepResult failed = step("find-max", 75, 1500, 1200, 2000, 9000, Map.of("timeout", 300L));
        StepResult half = step("half load", 25, 500, 500, 120, 400, Map.of());
        var baseline = new BaselineResult(8, 2048, 40_000, 10, 4000, 40_000, 0, List.of());
        var single = new CapacityResult.SingleClient(95, 180, 150);
        var halfLoad = new CapacityResult.HalfLoad(25, 120, 400, 1.0);
        double ratio = held.committedPerSecond() / 4000;
        return new CapacityResult("find-max", "bench-x", "2030-01-01T00:00:00Z", "http://localhost:8080", 1000,
                new CapacityResult.Bodies("synthea", 3000, 1800, "bench/target/synthea/corpus.jsonl"), 10,
                held.committedPerSecond(), 50.0, 4000.0, ratio, halfLoad, single,
                ProcessSummary.of(List.of(held, failed, half)), half.stages(),
                CapacityRun.goals(ratio, halfLoad, single, null), List.of(held, failed, half), baseline, null,
                Arrays.asList(1.5, null));
    }

    @Test
    void aStepHoldsOnlyWith99PercentCommittedAndP99WithinOneSecond() {
        assertThat(step("s", 50, 1000, 990, 300, 1000, Map.of()).passed()).isTrue();
        assertThat(step("s", 50, 1000, 989, 300, 900, Map.of()).passed()).isFalse();
        assertThat(step("s", 50, 1000, 1000, 300, 1001, Map.of()).passed()).isFalse();
    }

    @Test
    void theResultFileHoldsTheFiguresTheIssueAsksFor(@TempDir Path dir) throws Exception {
        CapacityResult result = findMax();
        Path file = dir.resolve("bench-result.json");

        ResultFile.write(JSON, result, file);

        JsonNode written = JSON.readTree(file.toFile());
        assertThat(written.path("maxCommittedPerSecond").asDouble()).isEqualTo(49.75);
        assertThat(written.path("rawInsertsPerSecond").asDouble()).isEqualTo(4000.0);
        assertThat(written.path("ratio").asDouble()).isEqualTo(49.75 / 4000);
        assertThat(written.path("halfLoad").path("rate").asDouble()).isEqualTo(25.0);
        assertThat(written.path("halfLoad").path("p50Millis").asDouble()).isEqualTo(120.0);
        assertThat(written.path("halfLoad").path("p99Millis").asDouble()).isEqualTo(400.0);
        assertThat(written.path("singleClient").path("p50Millis").asDouble()).isEqualTo(95.0);
        JsonNode processes = written.path("processes");
        assertThat(processes).hasSize(2);
        assertThat(processes.get(0).path("name").asString()).isEqualTo("transaction-service");
        // three windows of 4 CPU seconds over the 2,695 transactions they committed
        assertThat(processes.get(0).path("cpuSeconds").asDouble()).isEqualTo(12.0);
        assertThat(processes.get(0).path("rssMiB").asDouble()).isEqualTo(300.0);
        assertThat(processes.get(0).path("cpuMillisPerCommitted").asDouble()).isEqualTo(12_000.0 / 2695);
        assertThat(written.path("steps")).hasSize(3);
        assertThat(written.path("steps").get(0).path("passed").asBoolean()).isTrue();
        assertThat(written.path("steps").get(1).path("passed").asBoolean()).isFalse();
        assertThat(written.path("steps").get(1).path("errors").path("timeout").asLong()).isEqualTo(300);
        assertThat(written.path("stages").path("stages").path("created->published").path("p50Millis").asDouble())
                .isEqualTo(80.0);
        assertThat(written.path("goals").get(0).path("verdict").asString()).isEqualTo("FAIL");
        assertThat(CapacityRun.earlierMaximum(JSON, file)).hasValue(49.75);
        assertThat(CapacityReport.table(result)).contains("max committed tx/s", "49.8", "half load", "HOLDS",
                "does not hold", "transaction-service", "created->published", "FAIL");
    }

    @Test
    void anOverloadRunIsWrittenIntoTheFindMaxResultItTookItsMaximumFrom(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bench-result.json");
        ResultFile.write(JSON, findMax(), file);
        StepResult twice = step("overload 2x", 99.5, 5970, 2700, 800, 4000, Map.of("shed503", 3000L, "timeout", 270L));
        StepResult fourTimes = step("overload 4x", 199, 11_940, 2600, 900, 5000, Map.of("shed503", 9000L));
        var multiples = List.of(Overload.Multiple.of(2, 49.75, twice), Overload.Multiple.of(4, 49.75, fourTimes));
        var recovery = new Recovery(5, 30, 150, 1000, 3.5, true);
        var overload = new Overload(49.75, file.toString(), List.of(twice, fourTimes), multiples, recovery,
                ProcessSummary.of(List.of(twice, fourTimes)));
        var result = new CapacityResult("overload", "bench-y", "2030-01-01T01:00:00Z", "http://localhost:8080",
                1000, new CapacityResult.Bodies("synthea", 3000, 1800, null), 10, 49.75, null, null, null, null, null,
                ProcessSummary.of(List.of(twice, fourTimes)), null, CapacityRun.goals(null, null, null, overload),
                List.of(twice, fourTimes), null, overload, List.of());

        CapacityResultFile.writeOverload(JSON, result, file);

        JsonNode written = JSON.readTree(file.toFile());
        assertThat(written.path("maxCommittedPerSecond").asDouble()).isEqualTo(49.75);
        assertThat(written.path("halfLoad").path("rate").asDouble()).isEqualTo(25.0);
        JsonNode section = written.path("overload");
        assertThat(section.path("runId").asString()).isEqualTo("bench-y");
        assertThat(section.path("multiples").get(0).path("committedPerSecond").asDouble()).isEqualTo(135.0);
        assertThat(section.path("multiples").get(0).path("verdict").asString()).isEqualTo("PASS");
        assertThat(section.path("multiples").get(0).path("shed503Share").asDouble()).isEqualTo(3000.0 / 5970);
        assertThat(section.path("multiples").get(0).path("otherErrors").asLong()).isEqualTo(5970 - 2700 - 3000);
        assertThat(section.path("recovery").path("secondsUntilNormal").asDouble()).isEqualTo(3.5);
        assertThat(section.path("processes").get(0).path("rssMiB").asDouble()).isEqualTo(300.0);
        assertThat(section.path("goals")).hasSize(3);
        assertThat(CapacityReport.table(result)).contains("Overload", "2x", "503", "recovery");
    }
}
