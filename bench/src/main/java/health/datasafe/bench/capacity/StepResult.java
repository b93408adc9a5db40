package health.datasafe.bench.capacity;

import health.datasafe.bench.latency.LatencySummary;
import health.datasafe.bench.processes.ProcessUsage;

import java.util.List;
import java.util.Map;

/**
 * One step of the open-loop load: a fixed arrival rate for a warm-up and a measured window. Only arrivals due inside
 * the window count, each followed until the commit deadline (also after the window closes), so every figure is a
 * share of what was offered in the window.
 *
 * @param label              what the step was for ({@code find-max}, {@code half load}, {@code overload 2x}, ...)
 * @param rate               offered arrivals per second
 * @param warmupSeconds      warm-up before the window, not counted
 * @param seconds            the measured window
 * @param offered            arrivals due in the window
 * @param sent               of those, sent (the others were not offered: too many outstanding)
 * @param notOffered         of those, not sent
 * @param committed          of those, committed within the commit deadline
 * @param committedShare     {@code committed / offered}
 * @param committedPerSecond {@code committed / seconds}
 * @param latency            due to COMMITTED seen, of the committed ones
 * @param polled             of the committed ones, how many answered 202 and were followed
 * @param errors             the others by kind ({@code shed503}, {@code refused 502}, {@code rejected},
 *                           {@code timeout}, {@code unreachable}, {@code notOffered}, {@code unfinished})
 * @param shed               latency of the {@code 503} answers with {@code Retry-After} (due to the 503)
 * @param maxClockLateMillis the most the arrival clock was ever behind (a large figure means the client itself could
 *                           not keep the rate)
 * @param passed             whether the step held: at least 99 % committed and p99 at most 1 s (null: not judged)
 * @param stages             where the committed transactions' time went, from stored timestamps
 * @param blockCommitted     due to the block holding it committed on the ledger's node 1 (stored timestamp), of every
 *                           arrival with a transaction id whose block was committed within the commit deadline, final
 *                           or not (its count over {@code seconds} is the committed tx/s; {@code latency} is the final
 *                           one); null when the timestamps could not be read
 * @param processes          CPU seconds and peak RSS of every process in the window
 * @param errorSamples       the first few distinct error messages
 */
public record StepResult(String label, double rate, double warmupSeconds, double seconds, long offered, long sent,
                         long notOffered, long committed, double committedShare, double committedPerSecond,
                         LatencySummary latency, long polled, Map<String, Long> errors, LatencySummary shed,
                         double maxClockLateMillis, Boolean passed, StoredTimestamps.StageSplit stages,
                         LatencySummary blockCommitted, List<ProcessUsage> processes, List<String> errorSamples) {

    /** The same step judged against the criteria. */
    public StepResult judged(StepCriteria criteria) {
        return new StepResult(label, rate, warmupSeconds, seconds, offered, sent, notOffered, committed, committedShare,
                committedPerSecond, latency, polled, errors, shed, maxClockLateMillis, criteria.holds(this), stages,
                blockCommitted, processes, errorSamples);
    }

    /** How many errors of this kind. */
    public long errorsOf(String kind) {
        return errors.getOrDefault(kind, 0L);
    }
}
