package health.datasafe.bench.capacity;

import health.datasafe.bench.baseline.BaselineResult;

import java.util.List;

/**
 * One capacity run ({@code submit --rate}, {@code --find-max} or {@code --overload}), as printed and as written to
 * {@code bench-result.json}.
 *
 * @param mode                  {@code rate}, {@code find-max} or {@code overload}
 * @param runId                 prefix of the run's patient ids
 * @param startedAt             ISO-8601 instant the run began
 * @param gatewayUrl            the devstack's gateway
 * @param patients              synthetic patients the load was spread over
 * @param bodies                where the record bodies came from
 * @param commitDeadlineSeconds how long after it was due an arrival may take to commit
 * @param maxCommittedPerSecond committed tx/s of the highest rate that held (find-max), or the maximum the overload
 *                              was a multiple of; null for a plain {@code --rate}
 * @param maxRate               the offered rate of that step
 * @param rawInsertsPerSecond   the baseline's rate (fixed 8 threads); null when it was not run
 * @param ratio                 {@code maxCommittedPerSecond / rawInsertsPerSecond} (for {@code --rate}: that step's
 *                              committed tx/s over it)
 * @param halfLoad              the latency at half the maximum
 * @param singleClient          one client back to back
 * @param processes             every process over all measured windows
 * @param stages                where the time went: the half-load step's split (find-max), else the first step's
 * @param goals                 the goals, with what was measured and PASS/FAIL
 * @param steps                 every measured step, in order
 * @param baseline              the baseline's own figures
 * @param overload              the overload run, for {@code --overload}
 * @param loadAverage           the machine's one-minute load average before and after
 */
public record CapacityResult(String mode, String runId, String startedAt, String gatewayUrl, int patients,
                             Bodies bodies, double commitDeadlineSeconds, Double maxCommittedPerSecond, Double maxRate,
                             Double rawInsertsPerSecond, Double ratio, HalfLoad halfLoad, SingleClient singleClient,
                             List<ProcessSummary> processes, StoredTimestamps.StageSplit stages, List<Goal> goals,
                             List<StepResult> steps, BaselineResult baseline, Overload overload,
                             List<Double> loadAverage) {

    /**
     * @param source     {@code synthea} or {@code synthetic}
     * @param distinct   how many different bodies (0: made fresh for each record)
     * @param meanBytes  their mean size
     * @param corpus     the Synthea corpus file, or null
     */
    public record Bodies(String source, int distinct, double meanBytes, String corpus) {
    }

    /**
     * @param rate            offered tx/s (half the maximum's offered rate)
     * @param p50Millis       submit→committed median
     * @param p99Millis       and 99th percentile
     * @param committedShare  share of the offered that committed
     */
    public record HalfLoad(double rate, double p50Millis, double p99Millis, double committedShare) {
    }

    /**
     * @param p50Millis submit→committed median of one client sending back to back
     * @param p99Millis and 99th percentile
     * @param committed how many it committed in its window
     */
    public record SingleClient(double p50Millis, double p99Millis, long committed) {
    }
}
