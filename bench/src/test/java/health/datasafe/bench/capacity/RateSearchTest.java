package health.datasafe.bench.capacity;

import health.datasafe.bench.latency.LatencySummary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.DoublePredicate;

import static org.assertj.core.api.Assertions.assertThat;

class RateSearchTest {

    /** Runs a search against a system that holds exactly the rates {@code holds} accepts. */
    private static List<Double> search(RateSearch search, DoublePredicate holds) {
        List<Double> rates = new ArrayList<>();
        for (OptionalDouble next = search.next(); next.isPresent(); next = search.next()) {
            rates.add(next.getAsDouble());
            search.record(next.getAsDouble(), holds.test(next.getAsDouble()));
        }
        return rates;
    }

    @Test
    void runStepsEveryRateTheSearchAsksForAndNamesTheHighestThatHeld() throws InterruptedException {
        var search = new RateSearch(25, 1.5, 2, 1, 100_000, 12);

        RateSearch.Steps steps = search.run(rate -> step(rate, rate <= 70));

        assertThat(steps.all()).extracting(StepResult::rate).containsExactly(25.0, 37.5, 56.3, 84.4, 70.4, 63.4);
        assertThat(steps.best().rate()).isEqualTo(63.4);
        assertThat(search.highestHeld()).hasValue(63.4);
    }

    @Test
    void confirmingFailuresTriesAFailedRateOnceMoreAndASpikeInOneWindowDoesNotEndTheSearch() throws InterruptedException {
        var spikes = new java.util.HashSet<>(List.of(56.3));
        RateSearch.Steps steps = new RateSearch(25, 1.5, 2, 1, 100_000, 12).confirmingFailures()
                .run(rate -> step(rate, rate <= 70 && !spikes.remove(rate)));

        // 56.3 failed once (a spike) and held when tried again; 84.4 and 70.4 failed twice, so they do not hold
        assertThat(steps.all()).extracting(StepResult::rate)
                .containsExactly(25.0, 37.5, 56.3, 56.3, 84.4, 84.4, 70.4, 70.4, 63.4);
        assertThat(steps.best().rate()).isEqualTo(63.4);
    }

    @Test
    void runWithNoRateHeldNamesNoBest() throws InterruptedException {
        RateSearch.Steps steps = new RateSearch(25, 1.5, 2, 10, 100_000, 12).run(rate -> step(rate, false));

        assertThat(steps.all()).isNotEmpty();
        assertThat(steps.best()).isNull();
    }

    /** A step at this rate that held or not, with nothing else measured. */
    private static StepResult step(double rate, boolean held) {
        return new StepResult("find-max", rate, 0, 1, 1, 1, 0, held ? 1 : 0, held ? 1 : 0, held ? 1 : 0,
                LatencySummary.NONE, 0, Map.of(), LatencySummary.NONE, 0, held, null, null, List.of(), List.of());
    }

    @Test
    void ratesGrowByTheFactorUntilOneFailsThenTheGapIsHalved() {
        var search = new RateSearch(25, 1.5, 2, 1, 100_000, 12);

        List<Double> rates = search(search, rate -> rate <= 70);

        // 25, 37.5, 56.3 hold, 84.4 fails; then (56.3 + 84.4) / 2 = 70.4 fails, (56.3 + 70.4) / 2 = 63.4 holds
        assertThat(rates).containsExactly(25.0, 37.5, 56.3, 84.4, 70.4, 63.4);
        assertThat(search.highestHeld()).hasValue(63.4);
    }

    @Test
    void whenTheFirstRateFailsTheSearchGoesDownThenRefines() {
        var search = new RateSearch(25, 1.5, 1, 1, 100_000, 12);

        List<Double> rates = search(search, rate -> rate <= 12);

        assertThat(rates).containsExactly(25.0, 16.7, 11.1, 13.9);
        assertThat(search.highestHeld()).hasValue(11.1);
    }

    @Test
    void aSystemThatHoldsNothingEndsTheSearchAtTheLowestRate() {
        var search = new RateSearch(25, 1.5, 2, 5, 100_000, 12);

        List<Double> rates = search(search, rate -> false);

        assertThat(rates).containsExactly(25.0, 16.7, 11.1, 7.4);
        assertThat(search.highestHeld()).isEmpty();
    }

    @Test
    void theSearchStopsWhenHeldAndFailedAreCloseOrTheStepsAreUsedUp() {
        var close = new RateSearch(100, 1.05, 5, 1, 100_000, 12);
        assertThat(search(close, rate -> rate <= 100)).containsExactly(100.0, 105.0);

        var few = new RateSearch(25, 1.5, 2, 1, 100_000, 3);
        assertThat(search(few, rate -> true)).containsExactly(25.0, 37.5, 56.3);
        assertThat(few.highestHeld()).hasValue(56.3);
    }
}
