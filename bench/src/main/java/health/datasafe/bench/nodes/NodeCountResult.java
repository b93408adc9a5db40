package health.datasafe.bench.nodes;

import health.datasafe.bench.capacity.StepResult;
import health.datasafe.bench.latency.LatencySummary;

import java.util.List;

/**
 * What one devstack of {@code nodes} ledger nodes did.
 *
 * @param nodes                  ledger nodes, the quorum a majority of them
 * @param startSeconds           from launch until every service was up
 * @param latency                the step at the fixed rate, the same for every node count
 * @param maxRate                the highest offered rate that held (99 % final within the deadline, p99 at most 1 s),
 *                               null when none did
 * @param maxFinalPerSecond      what that step made final a second: the transaction-service answered 201, or showed
 *                               it final when polled
 * @param maxCommittedPerSecond  of that step's arrivals, how many the ledger's node 1 committed in a block within the
 *                               deadline, a second, final or not
 * @param search                 every find-max step, in order
 */
public record NodeCountResult(int nodes, double startSeconds, StepResult latency, Double maxRate,
                              Double maxFinalPerSecond, Double maxCommittedPerSecond, List<StepResult> search) {

    /** Due to the block committed on node 1, at the fixed rate. */
    public LatencySummary committedLatency() {
        return latency.blockCommitted() == null ? LatencySummary.NONE : latency.blockCommitted();
    }

    /** Due to final seen, at the fixed rate. */
    public LatencySummary finalLatency() {
        return latency.latency();
    }
}
