package health.datasafe.bench.capacity;

import java.util.Comparator;
import java.util.List;

/**
 * How soon the system serves normally again after an overload stops: a low rate is offered right after, and the
 * system counts as recovered from the first arrival from which on every arrival committed within
 * {@code normalMillis}.
 *
 * @param rate               the low rate offered
 * @param seconds            how long it was offered
 * @param arrivals           arrivals sent in that time
 * @param normalMillis       what counts as normal: committed within this many milliseconds of being due
 * @param secondsUntilNormal from the moment the overload stopped to the first arrival from which on all were normal;
 *                           null when the last arrival still was not (not recovered within the check)
 * @param recovered          whether it was
 */
public record Recovery(double rate, double seconds, long arrivals, double normalMillis, Double secondsUntilNormal,
                       boolean recovered) {

    /**
     * Judges the outcomes of the check.
     *
     * @param loadStoppedNanos when the overload's last arrival was due ({@link System#nanoTime()})
     */
    static Recovery of(double rate, double seconds, List<Outcome> outcomes, double normalMillis,
                       long loadStoppedNanos) {
        List<Outcome> inOrder = outcomes.stream().sorted(Comparator.comparingLong(Outcome::dueNanos)).toList();
        long normalNanos = Math.round(normalMillis * 1e6);
        Outcome firstOfNormalRun = null;
        for (Outcome outcome : inOrder) {
            boolean normal = outcome.kind() == OutcomeKind.COMMITTED && outcome.latencyNanos() <= normalNanos;
            if (!normal) {
                firstOfNormalRun = null;
            } else if (firstOfNormalRun == null) {
                firstOfNormalRun = outcome;
            }
        }
        if (firstOfNormalRun == null) {
            return new Recovery(rate, seconds, outcomes.size(), normalMillis, null, false);
        }
        double until = Math.max(0, firstOfNormalRun.dueNanos() - loadStoppedNanos) / 1e9;
        return new Recovery(rate, seconds, outcomes.size(), normalMillis, until, true);
    }
}
