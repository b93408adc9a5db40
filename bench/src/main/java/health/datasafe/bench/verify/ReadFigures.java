package health.datasafe.bench.verify;

import java.util.Comparator;
import java.util.List;

/**
 * The measured rounds of one kind of pass and the figure taken from them.
 *
 * @param rounds  every measured round, in the order run (warm-up rounds left out)
 * @param median  the round of median duration (of an even number, the slower of the middle two); null when no
 *                round completed
 * @param failure why verification stopped, null when it did not fail (always null for the scan)
 */
public record ReadFigures(List<ReadRound> rounds, ReadRound median, ChainFailure failure) {

    static ReadFigures of(List<ReadRound> rounds, ChainFailure failure) {
        List<ReadRound> sorted = rounds.stream().sorted(Comparator.comparingDouble(ReadRound::seconds)).toList();
        return new ReadFigures(List.copyOf(rounds), sorted.isEmpty() ? null : sorted.get(sorted.size() / 2), failure);
    }
}
