package health.datasafe.bench.capacity;

/**
 * One goal of the issue, as measured in this run.
 *
 * @param name     what it is, e.g. {@code half-load p99 <= 250 ms}
 * @param target   the figure to reach
 * @param measured what was measured (null: not measured in this run)
 * @param unit     of both
 * @param verdict  PASS, FAIL, or n/a when not measured; a miss is reported, it does not fail the run
 */
public record Goal(String name, double target, Double measured, String unit, String verdict) {

    public static Goal atLeast(String name, double target, Double measured, String unit) {
        return new Goal(name, target, measured, unit, measured == null ? "n/a" : measured >= target ? "PASS" : "FAIL");
    }

    public static Goal atMost(String name, double target, Double measured, String unit) {
        return new Goal(name, target, measured, unit, measured == null ? "n/a" : measured <= target ? "PASS" : "FAIL");
    }
}
