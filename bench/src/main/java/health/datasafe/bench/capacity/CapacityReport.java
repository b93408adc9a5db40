package health.datasafe.bench.capacity;

import health.datasafe.bench.baseline.BaselineResult;
import health.datasafe.bench.latency.LatencySummary;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The human-readable table of a capacity run, in the manner of the other benchmarks' tables. */
public final class CapacityReport {

    private CapacityReport() {
    }

    /** One line per step, printed as it ends. */
    public static String stepLine(StepResult step) {
        return String.format(Locale.ROOT,
                "%-12s %7.1f offered/s: %d offered, %d sent, %d committed (%.1f %%), %.1f tx/s, p50 %.0f ms, "
                        + "p99 %.0f ms, %s%s",
                step.label(), step.rate(), step.offered(), step.sent(), step.committed(), step.committedShare() * 100,
                step.committedPerSecond(), step.latency().p50Millis(), step.latency().p99Millis(),
                step.errors().isEmpty() ? "no errors" : "errors " + step.errors(),
                step.passed() == null ? "" : step.passed() ? "  HOLDS" : "  does not hold");
    }

    /** The whole table. */
    public static String table(CapacityResult result) {
        var out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nDataSafeHealth capacity benchmark (%s), run %s, started %s%n",
                result.mode(), result.runId(), result.startedAt()));
        out.append(String.format(Locale.ROOT,
                "  gateway %s, %d patients, bodies %s (%s, mean %.0f bytes), commit deadline %s s%n%n",
                result.gatewayUrl(), result.patients(), result.bodies().source(),
                result.bodies().distinct() == 0 ? "made per record" : result.bodies().distinct() + " distinct",
                result.bodies().meanBytes(), number(result.commitDeadlineSeconds())));

        out.append(String.format(Locale.ROOT, "%-13s %8s %8s %8s %9s %8s %8s %8s %9s %9s  %s%n", "step", "offered/s",
                "offered", "sent", "committed", "share", "tx/s", "p50 ms", "p99 ms", "503s", "other errors / verdict"));
        for (StepResult step : result.steps()) {
            long shed = step.errorsOf("shed503");
            Map<String, Long> others = new LinkedHashMap<>(step.errors());
            others.remove("shed503");
            out.append(String.format(Locale.ROOT, "%-13s %8.1f %8d %8d %9d %7.1f%% %8.1f %8.0f %8.0f %9d  %s%s%n",
                    step.label(), step.rate(), step.offered(), step.sent(), step.committed(),
                    step.committedShare() * 100, step.committedPerSecond(), step.latency().p50Millis(),
                    step.latency().p99Millis(), shed, others.isEmpty() ? "-" : others.toString(),
                    step.passed() == null ? "" : step.passed() ? "  HOLDS" : "  does not hold"));
            if (shed > 0) {
                out.append(String.format(Locale.ROOT, "%-13s 503 with Retry-After: p50 %.1f ms, p99 %.1f ms to the 503%n",
                        "", step.shed().p50Millis(), step.shed().p99Millis()));
            }
        }
        out.append('\n');
        row(out, "max committed tx/s (highest rate that held)", optional(result.maxCommittedPerSecond(), "%.1f")
                + (result.maxRate() == null ? "" : String.format(Locale.ROOT, "  (offered %.1f/s)", result.maxRate())));
        if (result.halfLoad() != null) {
            row(out, "half load: rate / p50 / p99", String.format(Locale.ROOT, "%.1f tx/s / %.1f ms / %.1f ms",
                    result.halfLoad().rate(), result.halfLoad().p50Millis(), result.halfLoad().p99Millis()));
        }
        if (result.singleClient() != null) {
            row(out, "one client: p50 / p99", String.format(Locale.ROOT, "%.1f ms / %.1f ms (%d committed)",
                    result.singleClient().p50Millis(), result.singleClient().p99Millis(),
                    result.singleClient().committed()));
        }
        BaselineResult baseline = result.baseline();
        if (baseline != null) {
            row(out, "raw inserts/s (PostgreSQL, " + baseline.clients() + " threads, same DB)",
                    String.format(Locale.ROOT, "%.1f  (%d rows in %s s, %d errors)", baseline.rowsPerSecond(),
                            baseline.rows(), number(baseline.seconds()), baseline.errors()));
        }
        row(out, "ratio committed tx/s / raw inserts/s", optional(result.ratio(), "%.4f"));

        if (result.stages() != null) {
            out.append(String.format(Locale.ROOT, "%nWhere the time went (%d committed transactions, %d with every "
                    + "stored timestamp)%s%n", result.stages().transactions(), result.stages().found(),
                    result.stages().failure() == null ? "" : ": query failed: " + result.stages().failure()));
            for (Map.Entry<String, LatencySummary> stage : result.stages().stages().entrySet()) {
                out.append(String.format(Locale.ROOT, "  %-28s p50 %8.1f ms   p99 %8.1f ms   mean %8.1f ms%n",
                        stage.getKey(), stage.getValue().p50Millis(), stage.getValue().p99Millis(),
                        stage.getValue().meanMillis()));
            }
        }

        out.append(String.format(Locale.ROOT, "%nProcesses over the measured windows%n  %-48s %10s %12s %10s %10s%n",
                "process", "CPU s", "CPU ms/tx", "peak RSS", "VmHWM"));
        for (ProcessSummary process : result.processes()) {
            out.append(String.format(Locale.ROOT, "  %-48s %10.1f %12s %7.0f MiB %10s%n", process.name(),
                    process.cpuSeconds(), optional(process.cpuMillisPerCommitted(), "%.2f"), process.rssMiB(),
                    process.lifetimePeakRssMiB() == null ? "-"
                            : String.format(Locale.ROOT, "%.0f MiB", process.lifetimePeakRssMiB())));
        }

        if (result.overload() != null) {
            Overload overload = result.overload();
            out.append(String.format(Locale.ROOT, "%nOverload (maximum %.1f tx/s, from %s)%n",
                    overload.maxCommittedPerSecond(), overload.maxFrom()));
            for (Overload.Multiple multiple : overload.multiples()) {
                out.append(String.format(Locale.ROOT,
                        "  %.0fx: offered %.1f/s, committed %.1f tx/s = %.2f of max (goal >= 0.90: %s), "
                                + "503 %.1f %% (p50 %.1f ms, p99 %.1f ms), other errors %d%n",
                        multiple.multiple(), multiple.offeredRate(), multiple.committedPerSecond(),
                        multiple.shareOfMax(), multiple.verdict(), multiple.shed503Share() * 100,
                        multiple.shed503P50Millis(), multiple.shed503P99Millis(), multiple.otherErrors()));
            }
            Recovery recovery = overload.recovery();
            out.append(String.format(Locale.ROOT, "  recovery at %.1f tx/s: %s%n", recovery.rate(),
                    recovery.recovered() ? String.format(Locale.ROOT,
                            "every request committed within %.0f ms from %.1f s after the overload stopped",
                            recovery.normalMillis(), recovery.secondsUntilNormal())
                            : "not normal again within the " + number(recovery.seconds()) + " s checked"));
        }

        out.append(String.format(Locale.ROOT, "%nGoals (a miss is reported, not a failed run)%n"));
        for (Goal goal : result.goals()) {
            out.append(String.format(Locale.ROOT, "  %-62s %-5s measured %s, target %s %s%n", goal.name(),
                    goal.verdict(), optional(goal.measured(), "%.4g"), number(goal.target()), goal.unit()));
        }
        for (StepResult step : result.steps()) {
            for (String sample : step.errorSamples()) {
                out.append("  ").append(step.label()).append(" error: ").append(sample).append('\n');
            }
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "%-52s %s%n", label, value));
    }

    private static String optional(Double value, String format) {
        return value == null ? "n/a" : String.format(Locale.ROOT, format, value);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3f", value);
    }
}
