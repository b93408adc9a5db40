package health.datasafe.bench.capacity;

/**
 * When a rate holds: at least {@code minCommittedShare} of the offered transactions commit within the deadline and
 * their p99 is at most {@code maxP99Millis}. The issue's are 99 % and 1 s.
 *
 * @param minCommittedShare e.g. 0.99
 * @param maxP99Millis      e.g. 1000
 */
public record StepCriteria(double minCommittedShare, double maxP99Millis) {

    /** 99 % committed, p99 at most 1 s. */
    public static final StepCriteria ISSUE = new StepCriteria(0.99, 1000);

    public boolean holds(StepResult step) {
        return step.offered() > 0 && step.committedShare() >= minCommittedShare
                && step.latency().count() > 0 && step.latency().p99Millis() <= maxP99Millis;
    }
}
