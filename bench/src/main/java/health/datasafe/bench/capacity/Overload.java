package health.datasafe.bench.capacity;

import java.util.List;

/**
 * The overload run: twice and four times the maximum offered, each for a while, then a recovery check.
 *
 * @param maxCommittedPerSecond the maximum the multiples are of
 * @param maxFrom               where it came from ({@code --max}, or the result file it was read from)
 * @param steps                 one per multiple
 * @param multiples             per step: the multiple, committed tx/s against the maximum, the share shed with 503
 *                              and how fast
 * @param recovery              how soon after the overload requests committed normally again
 * @param processes             every process over the overload windows: CPU seconds and peak RSS
 */
public record Overload(double maxCommittedPerSecond, String maxFrom, List<StepResult> steps,
                       List<Multiple> multiples, Recovery recovery, List<ProcessSummary> processes) {

    /** The goal: committed throughput under overload at least this share of the maximum. */
    public static final double GOAL_SHARE_OF_MAX = 0.90;

    /**
     * One overload step, judged.
     *
     * @param multiple           2 or 4
     * @param offeredRate        multiple × maximum
     * @param committedPerSecond what was committed
     * @param shareOfMax         {@code committedPerSecond / maxCommittedPerSecond}
     * @param verdict            PASS when at least {@link #GOAL_SHARE_OF_MAX}, else FAIL
     * @param shed503Share       share of the offered arrivals answered 503 with Retry-After
     * @param shed503P50Millis   their median time to the 503
     * @param shed503P99Millis   and 99th percentile
     * @param otherErrors        offered arrivals that neither committed nor were shed (timeouts, other statuses,
     *                           connection failures, not offered)
     */
    public record Multiple(double multiple, double offeredRate, double committedPerSecond, double shareOfMax,
                           String verdict, double shed503Share, double shed503P50Millis, double shed503P99Millis,
                           long otherErrors) {

        static Multiple of(double multiple, double max, StepResult step) {
            double share = max > 0 ? step.committedPerSecond() / max : 0;
            long shed = step.errorsOf("shed503");
            long others = step.offered() - step.committed() - shed;
            return new Multiple(multiple, step.rate(), step.committedPerSecond(), share,
                    share >= GOAL_SHARE_OF_MAX ? "PASS" : "FAIL",
                    step.offered() == 0 ? 0 : shed / (double) step.offered(), step.shed().p50Millis(),
                    step.shed().p99Millis(), others);
        }
    }
}
