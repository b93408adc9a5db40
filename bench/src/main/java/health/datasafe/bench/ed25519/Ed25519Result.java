package health.datasafe.bench.ed25519;

import java.util.List;
import java.util.Locale;

/**
 * One run of the Ed25519 benchmark, as printed and as written to {@code ed25519-result.json}.
 *
 * @param startedAt           ISO-8601 instant the run began
 * @param java                the Java runtime's version
 * @param processors          processors the JVM sees (every measurement runs on one thread)
 * @param bouncyCastle        the BouncyCastle library measured
 * @param jdkProvider         the JDK provider that answered {@code Signature.getInstance("Ed25519")}
 * @param durationSeconds     length of each measurement
 * @param warmupSeconds       un-measured run before each
 * @param messagesPerSize     distinct messages of each size
 * @param loadAverage         the machine's one-minute load average before the first and after the last measurement
 *                            (from /proc/loadavg; null where there is none): above 1, something else was running
 * @param signaturesIdentical whether both implementations made the same signature for every message with the same key
 *                            (Ed25519 is deterministic) and each verified the other's
 * @param measurements        every timed loop
 * @param comparisons         BouncyCastle against the JDK, per operation and message size
 */
public record Ed25519Result(String startedAt, String java, int processors, String bouncyCastle, String jdkProvider,
                            double durationSeconds, double warmupSeconds, int messagesPerSize, List<Double> loadAverage,
                            boolean signaturesIdentical, List<Measurement> measurements, List<Comparison> comparisons) {

    /** The human-readable report. */
    String table() {
        var out = new StringBuilder();
        line(out, "%nDataSafeHealth Ed25519 benchmark, started %s%n", startedAt);
        line(out, "  Java %s, %d processors, one thread%n  BouncyCastle %s%n  against the JDK's provider %s%n", java,
                processors, bouncyCastle, jdkProvider);
        line(out, "  each figure: %s s measured, after every loop had %s s of warm-up, over %d distinct messages of each"
                        + " size%n",
                number(durationSeconds), number(warmupSeconds), messagesPerSize);
        if (loadAverage != null) {
            line(out, "  load average (1 min) at start / end: %.2f / %.2f on %d processors%n", loadAverage.get(0),
                    loadAverage.get(1), processors);
        }
        line(out, "  same key, same messages: signatures identical and cross-verified: %s%n%n",
                signaturesIdentical ? "yes" : "NO");
        line(out, "%-36s %16s %16s %9s%n", "", "BouncyCastle /s", "JDK /s", "BC / JDK");
        for (Comparison c : comparisons) {
            line(out, "%-36s %,16.0f %,16.0f %8.1fx%n", "%s %s (%.0f B)".formatted(c.operation(), c.message(),
                    c.messageBytes()), c.bouncyCastlePerSecond(), c.jdkPerSecond(), c.ratio());
        }
        out.append('\n');
        for (Measurement m : measurements) {
            line(out, "  %-6s %-12s %-13s %,12d ops in %.3f s = %8.2f µs/op%n", m.operation(), m.implementation(),
                    m.message(), m.operations(), m.seconds(), m.microsPerOperation());
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String format, Object... values) {
        out.append(String.format(Locale.ROOT, format, values));
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3f", value);
    }
}
