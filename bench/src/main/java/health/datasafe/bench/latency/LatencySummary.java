package health.datasafe.bench.latency;

import java.util.Arrays;

/**
 * How long a set of operations took, in milliseconds. Percentiles use the nearest-rank method: the p-th percentile
 * of n sorted samples is the sample at rank ceil(p / 100 * n), so it is always a latency that was really measured.
 *
 * @param count      how many samples
 * @param p50Millis  median
 * @param p99Millis  99th percentile
 * @param maxMillis  the slowest sample
 * @param meanMillis arithmetic mean
 */
public record LatencySummary(long count, double p50Millis, double p99Millis, double maxMillis, double meanMillis) {

    private static final double NANOS_PER_MILLI = 1_000_000.0;

    /** No samples: every figure is zero. */
    public static final LatencySummary NONE = new LatencySummary(0, 0, 0, 0, 0);

    /** The summary of latencies given in nanoseconds (the array is not changed). */
    public static LatencySummary ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            return NONE;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long sample : sorted) {
            sum += sample;
        }
        return new LatencySummary(sorted.length,
                percentile(sorted, 50) / NANOS_PER_MILLI,
                percentile(sorted, 99) / NANOS_PER_MILLI,
                sorted[sorted.length - 1] / NANOS_PER_MILLI,
                sum / sorted.length / NANOS_PER_MILLI);
    }

    /** The nearest-rank percentile of samples sorted in ascending order; p in (0, 100]. */
    public static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
