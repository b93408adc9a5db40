package health.datasafe.bench.replay;

import java.util.Comparator;
import java.util.List;

/**
 * The measured rounds of one kind of pass and the figure taken from them.
 *
 * @param rounds every measured round, in the order run (warm-up rounds left out)
 * @param median the round of median duration (of an even number, the slower of the middle two)
 */
public record PassFigures(List<Pass> rounds, Pass median) {

    static PassFigures of(List<Pass> rounds) {
        List<Pass> sorted = rounds.stream().sorted(Comparator.comparingDouble(Pass::seconds)).toList();
        return new PassFigures(List.copyOf(rounds), sorted.isEmpty() ? null : sorted.get(sorted.size() / 2));
    }

    double perSecond() {
        return median == null ? Double.NaN : median.transactionsPerSecond();
    }
}
