package health.datasafe.bench;

import health.datasafe.bench.baseline.BaselineResult;
import health.datasafe.bench.submit.SubmitResult;

import java.util.Locale;

/**
 * One benchmark run, as printed and as written to {@code bench-result.json}.
 *
 * @param runId              prefix of the run's patient ids
 * @param startedAt          ISO-8601 instant the run began
 * @param gatewayUrl         the devstack's gateway
 * @param clients            concurrent clients
 * @param recordBytes        size of each record body
 * @param warmupSeconds      warm-up before the measured window
 * @param submit             the submit load's figures
 * @param baseline           PostgreSQL's raw single-row insert figures
 * @param ratio              {@code submit.committedPerSecond / baseline.rowsPerSecond}; null when the baseline
 *                           inserted nothing
 */
public record BenchResult(String runId, String startedAt, String gatewayUrl, int clients, int recordBytes,
                          double warmupSeconds, SubmitResult submit, BaselineResult baseline, Double ratio) {

    static Double ratio(SubmitResult submit, BaselineResult baseline) {
        return baseline.rowsPerSecond() > 0 ? submit.committedPerSecond() / baseline.rowsPerSecond() : null;
    }

    /** The human-readable table. */
    String table() {
        var out = new StringBuilder();
        var latency = submit.latency();
        out.append(String.format(Locale.ROOT, "%nDataSafeHealth submit benchmark, run %s, started %s%n", runId, startedAt));
        out.append(String.format(Locale.ROOT, "  gateway %s, %d clients, %d-byte records, warm-up %s s, measured %s s%n%n",
                gatewayUrl, clients, recordBytes, number(warmupSeconds), number(submit.seconds())));
        row(out, "Submit load (RECORD_ADDED through the gateway)", "");
        row(out, "  committed transactions in window", Long.toString(submit.committed()));
        row(out, "  committed tx/s", String.format(Locale.ROOT, "%.1f", submit.committedPerSecond()));
        row(out, "  submit->committed p50", millis(latency.p50Millis()));
        row(out, "  submit->committed p99", millis(latency.p99Millis()));
        row(out, "  submit->committed max", millis(latency.maxMillis()));
        row(out, "  submit->committed mean", millis(latency.meanMillis()));
        row(out, "  committed after polling (202)", Long.toString(submit.polled()));
        row(out, "  errors in window", Long.toString(submit.errors()));
        row(out, "  warm-up: committed / errors", submit.warmupCommitted() + " / " + submit.warmupErrors());
        row(out, "  still in flight at window end", Long.toString(submit.unfinished()));
        out.append('\n');
        row(out, "PostgreSQL baseline (same database, single-row autocommit inserts)", "");
        row(out, "  threads / row payload", baseline.clients() + " / " + baseline.rowBytes() + " bytes");
        row(out, "  duration", number(baseline.seconds()) + " s");
        row(out, "  rows inserted", Long.toString(baseline.rows()));
        row(out, "  raw inserts/s", String.format(Locale.ROOT, "%.1f", baseline.rowsPerSecond()));
        row(out, "  errors", Long.toString(baseline.errors()));
        out.append('\n');
        row(out, "Ratio committed tx/s / raw inserts/s", ratio == null ? "n/a (baseline inserted nothing)"
                : String.format(Locale.ROOT, "%.4f  (%.2f %%)", ratio, ratio * 100));
        for (String sample : submit.errorSamples()) {
            out.append("  submit error: ").append(sample).append('\n');
        }
        for (String sample : baseline.errorSamples()) {
            out.append("  baseline error: ").append(sample).append('\n');
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, value.isEmpty() ? "%s%n" : "%-44s %s%n", label, value));
    }

    private static String millis(double value) {
        return String.format(Locale.ROOT, "%.1f ms", value);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3f", value);
    }
}
