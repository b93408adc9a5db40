package health.datasafe.bench.nodes;

import health.datasafe.bench.capacity.StepCriteria;
import health.datasafe.bench.capacity.StepResult;
import health.datasafe.bench.latency.LatencySummary;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NodesResultTest {

    private static StepResult step(double rate, long committed, double committedP99, double finalP99) {
        return new StepResult("find-max", rate, 5, 10, committed, committed, 0, committed, 1.0, committed / 10.0,
                new LatencySummary(committed, finalP99 / 2, finalP99, finalP99, finalP99 / 2), 0, Map.of(),
                LatencySummary.NONE, 0, null, null,
                new LatencySummary(committed, committedP99 / 2, committedP99, committedP99, committedP99 / 2), List.of(),
                List.of()).judged(StepCriteria.ISSUE);
    }

    private static NodeCountResult count(int nodes, double maxRate, double finalPerSecond, double committedPerSecond) {
        return new NodeCountResult(nodes, 90, step(8, 80, 200, 300), maxRate, finalPerSecond, committedPerSecond,
                List.of(step(maxRate, (long) (finalPerSecond * 10), 300, 500)));
    }

    @Test
    void threeNodesAreComparedWithOneAndTheGoalJudgedOnFinalTransactionsPerSecond() {
        var result = NodesResult.of("nodes-x", "2030-01-01T00:00:00Z", 8,
                List.of(count(1, 40, 39.5, 39.6), count(3, 30, 29.6, 30.0)), List.of(1.0, 2.0));

        assertThat(result.finalRatio()).isCloseTo(29.6 / 39.5, Offset.offset(1e-9));
        assertThat(result.committedRatio()).isCloseTo(30.0 / 39.6, Offset.offset(1e-9));
        assertThat(result.goals()).singleElement().satisfies(goal -> {
            assertThat(goal.target()).isEqualTo(0.7);
            assertThat(goal.verdict()).isEqualTo("PASS");
        });
        assertThat(result.table())
                .contains("3 nodes / 1: final tx/s 0.75x, committed tx/s 0.76x")
                .contains("goal: 3 nodes / 1 node(s): max final tx/s >= 0.70x: 0.75 PASS")
                .contains("100 / 200 ms").contains("150 / 300 ms")
                .contains("at which 99 % were final").doesNotContain("%%");
    }

    @Test
    void runInTheOtherOrderTheMostNodesAreStillComparedWithTheFewest() {
        var result = NodesResult.of("nodes-x", "2030-01-01T00:00:00Z", 8,
                List.of(count(3, 30, 29.6, 30.0), count(1, 40, 39.5, 39.6)), List.of(1.0, 2.0));

        assertThat(result.finalRatio()).isCloseTo(29.6 / 39.5, Offset.offset(1e-9));
        assertThat(result.table()).contains("3 nodes / 1: final tx/s 0.75x");
    }

    @Test
    void aNodeCountWithNoRateHeldLeavesTheRatioUnmeasuredNotZero() {
        var result = NodesResult.of("nodes-x", "2030-01-01T00:00:00Z", 8,
                List.of(count(1, 40, 39.5, 39.6), new NodeCountResult(3, 90, step(8, 80, 200, 300), null, null, null,
                        List.of())), List.of(1.0, 2.0));

        assertThat(result.finalRatio()).isNull();
        assertThat(result.goals().getFirst().verdict()).isEqualTo("n/a");
        assertThat(result.table()).contains("final tx/s -, committed tx/s -");
    }

    @Test
    void theResultIsWrittenAsJsonWithEveryNodeCount() {
        var result = NodesResult.of("nodes-x", "2030-01-01T00:00:00Z", 8,
                List.of(count(1, 40, 39.5, 39.6), count(3, 30, 29.6, 30.0)), List.of(1.0, 2.0));

        var json = JsonMapper.builder().build().valueToTree(result);

        assertThat(json.path("counts")).hasSize(2);
        assertThat(json.path("counts").get(1).path("nodes").asInt()).isEqualTo(3);
        assertThat(json.path("counts").get(1).path("latency").path("blockCommitted").path("p99Millis").asDouble())
                .isEqualTo(200);
        assertThat(json.path("finalRatio").asDouble()).isCloseTo(0.749, Offset.offset(0.001));
    }
}
