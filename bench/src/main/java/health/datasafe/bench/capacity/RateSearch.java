package health.datasafe.bench.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Which rate to try next in the search for the highest rate that holds: from {@code startRate}, multiply by
 * {@code factor} while steps hold (down by the same factor while the first ones fail, no lower than
 * {@code minRate}); once a held rate and a failed one above it are known, halve the gap between them
 * {@code refinements} times, stopping early when they are within 10 % of each other. At most {@code maxSteps} steps,
 * and no rate above {@code maxRate}, so a search always ends. With {@link #confirmingFailures}, a rate is judged
 * not to hold only when a second step at it fails too: on two shared cores one tail spike in one window would
 * otherwise end the search (both steps are kept; only the second counts).
 */
public final class RateSearch {

    private static final double CLOSE_ENOUGH = 1.10;

    private final double startRate;
    private final double factor;
    private final int refinements;
    private final double minRate;
    private final double maxRate;
    private final int maxSteps;
    private final List<Tried> tried = new ArrayList<>();
    private int refined;
    private boolean confirmFailures;

    public RateSearch(double startRate, double factor, int refinements, double minRate, double maxRate, int maxSteps) {
        if (!(startRate > 0) || !(factor > 1) || refinements < 0 || !(minRate > 0) || maxRate < startRate
                || maxSteps < 1) {
            throw new IllegalArgumentException("start %s, factor %s, refinements %d, min %s, max %s, steps %d"
                    .formatted(startRate, factor, refinements, minRate, maxRate, maxSteps));
        }
        this.startRate = startRate;
        this.factor = factor;
        this.refinements = refinements;
        this.minRate = minRate;
        this.maxRate = maxRate;
        this.maxSteps = maxSteps;
    }

    /** This search, with each failed step tried once more before its rate counts as not holding. */
    public RateSearch confirmingFailures() {
        confirmFailures = true;
        return this;
    }

    /** A rate tried and whether it held. */
    public record Tried(double rate, boolean held) {
    }

    /** The rate to try next, or empty when the search is over. */
    public OptionalDouble next() {
        if (tried.isEmpty()) {
            return OptionalDouble.of(startRate);
        }
        if (tried.size() >= maxSteps) {
            return OptionalDouble.empty();
        }
        OptionalDouble held = highestHeld();
        OptionalDouble failed = lowestFailedAbove(held.orElse(0));
        if (held.isEmpty()) {
            double lower = failed.getAsDouble() / factor;
            return lower < minRate ? OptionalDouble.empty() : OptionalDouble.of(round(lower));
        }
        if (failed.isEmpty()) {
            double higher = held.getAsDouble() * factor;
            return higher > maxRate ? OptionalDouble.empty() : OptionalDouble.of(round(higher));
        }
        if (refined >= refinements || failed.getAsDouble() / held.getAsDouble() <= CLOSE_ENOUGH) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(round((held.getAsDouble() + failed.getAsDouble()) / 2));
    }

    /** A step the search runs at the rate it asks for, judged (see {@link StepResult#passed}). */
    public interface Step {
        StepResult at(double rate) throws InterruptedException;
    }

    /**
     * The steps of a whole search, in order, and the one at the highest rate that held (null when none did).
     */
    public record Steps(List<StepResult> all, StepResult best) {
    }

    /** Runs the search to its end: {@code step} at each rate {@link #next} gives, each recorded as it went. */
    public Steps run(Step step) throws InterruptedException {
        List<StepResult> all = new ArrayList<>();
        StepResult best = null;
        for (OptionalDouble next = next(); next.isPresent(); next = next()) {
            StepResult tried = step.at(next.getAsDouble());
            if (!tried.passed() && confirmFailures) {
                all.add(tried);
                tried = step.at(next.getAsDouble());
            }
            all.add(tried);
            record(tried.rate(), tried.passed());
            if (tried.passed() && (best == null || tried.rate() > best.rate())) {
                best = tried;
            }
        }
        return new Steps(List.copyOf(all), best);
    }

    /** Records how the step at {@code rate} went. */
    public void record(double rate, boolean held) {
        OptionalDouble before = highestHeld();
        if (before.isPresent() && lowestFailedAbove(before.getAsDouble()).isPresent()) {
            refined++;
        }
        tried.add(new Tried(rate, held));
    }

    /** The highest rate that held, if any did. */
    public OptionalDouble highestHeld() {
        return tried.stream().filter(Tried::held).mapToDouble(Tried::rate).max();
    }

    /** Every rate tried, in order. */
    public List<Tried> tried() {
        return List.copyOf(tried);
    }

    private OptionalDouble lowestFailedAbove(double rate) {
        return tried.stream().filter(t -> !t.held() && t.rate() > rate).mapToDouble(Tried::rate).min();
    }

    /** Rates are offered to a tenth of a transaction per second. */
    private static double round(double rate) {
        return Math.round(rate * 10) / 10.0;
    }
}
