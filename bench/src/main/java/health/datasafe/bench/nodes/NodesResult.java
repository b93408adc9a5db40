package health.datasafe.bench.nodes;

import health.datasafe.bench.capacity.Goal;

import java.util.Comparator;
import java.util.List;

/**
 * The {@code nodes} benchmark's result: each node count's figures, measured one after the other in the same run, and
 * how the largest compares with the smallest.
 *
 * @param runId                 prefix of the synthetic patients' ids
 * @param startedAt             ISO-8601
 * @param rate                  the fixed rate of the latency step
 * @param counts                per node count, in the order run
 * @param finalRatio            max final tx/s of the most nodes over that of the fewest, whichever ran first
 * @param committedRatio        max committed tx/s likewise
 * @param goals                 the goal: three nodes at least 0.7 times one node's final tx/s
 * @param loadAverages          the machine's one-minute load average before and after
 */
public record NodesResult(String runId, String startedAt, double rate, List<NodeCountResult> counts,
                          Double finalRatio, Double committedRatio, List<Goal> goals, List<Double> loadAverages) {

    static final double GOAL = 0.7;

    static NodesResult of(String runId, String startedAt, double rate, List<NodeCountResult> counts,
                          List<Double> loadAverages) {
        // the most nodes against the fewest, whichever order they ran in
        NodeCountResult fewest = counts.stream().min(Comparator.comparingInt(NodeCountResult::nodes)).orElseThrow();
        NodeCountResult most = counts.stream().max(Comparator.comparingInt(NodeCountResult::nodes)).orElseThrow();
        Double finalRatio = ratio(most.maxFinalPerSecond(), fewest.maxFinalPerSecond());
        Double committedRatio = ratio(most.maxCommittedPerSecond(), fewest.maxCommittedPerSecond());
        List<Goal> goals = fewest.nodes() == most.nodes() ? List.of() : List.of(Goal.atLeast(most.nodes() + " nodes / "
                + fewest.nodes() + " node(s): max final tx/s", GOAL, finalRatio, "x"));
        return new NodesResult(runId, startedAt, rate, List.copyOf(counts), finalRatio, committedRatio, goals,
                loadAverages);
    }

    private static Double ratio(Double numerator, Double denominator) {
        return numerator == null || denominator == null || denominator <= 0 ? null : numerator / denominator;
    }

    /** The figures as a table for the terminal. */
    String table() {
        var out = new StringBuilder();
        out.append("%nLedger nodes compared (run %s; one after the other on this machine)%n".formatted(runId));
        out.append("%-6s %8s %10s %12s %14s   %-24s %-24s%n".formatted("nodes", "start s", "max held", "final tx/s",
                "committed tx/s", "at %.0f tx/s: committed".formatted(rate), "final p50 / p99"));
        for (NodeCountResult count : counts) {
            out.append("%-6d %8.0f %10s %12s %14s   %-24s %-24s%n".formatted(count.nodes(), count.startSeconds(),
                    figure(count.maxRate()), figure(count.maxFinalPerSecond()), figure(count.maxCommittedPerSecond()),
                    "%.0f / %.0f ms".formatted(count.committedLatency().p50Millis(),
                            count.committedLatency().p99Millis()),
                    "%.0f / %.0f ms".formatted(count.finalLatency().p50Millis(), count.finalLatency().p99Millis())));
        }
        out.append(("max held: the highest offered tx/s at which 99 %% were final within the deadline with p99 <= 1 s;"
                + " final and committed tx/s: of that step; committed: in a block on node 1, final or not%n")
                .formatted());
        int fewest = counts.stream().mapToInt(NodeCountResult::nodes).min().orElseThrow();
        int most = counts.stream().mapToInt(NodeCountResult::nodes).max().orElseThrow();
        if (most > fewest) {
            out.append("%d nodes / %d: final tx/s %s, committed tx/s %s%n".formatted(most, fewest,
                    ratioText(finalRatio), ratioText(committedRatio)));
        }
        for (Goal goal : goals) {
            out.append("goal: %s >= %.2f%s: %s %s%n".formatted(goal.name(), goal.target(), goal.unit(),
                    goal.measured() == null ? "-" : "%.2f".formatted(goal.measured()), goal.verdict()));
        }
        return out.toString();
    }

    private static String figure(Double value) {
        return value == null ? "-" : "%.1f".formatted(value);
    }

    private static String ratioText(Double ratio) {
        return ratio == null ? "-" : "%.2fx".formatted(ratio);
    }
}
