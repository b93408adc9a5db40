package health.datasafe.bench.latency;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LatencySummaryTest {

    private static final long MS = 1_000_000L;

    @Test
    void percentilesOfOneToHundredAreTheNearestRankSamples() {
        long[] sorted = LongStream.rangeClosed(1, 100).toArray();

        assertThat(LatencySummary.percentile(sorted, 50)).isEqualTo(50);
        assertThat(LatencySummary.percentile(sorted, 99)).isEqualTo(99);
        assertThat(LatencySummary.percentile(sorted, 99.5)).isEqualTo(100);
        assertThat(LatencySummary.percentile(sorted, 100)).isEqualTo(100);
        assertThat(LatencySummary.percentile(sorted, 0.1)).isEqualTo(1);
    }

    @Test
    void percentileOfFewSamplesIsAlwaysAMeasuredValue() {
        long[] sorted = {10, 20, 30};

        assertThat(LatencySummary.percentile(sorted, 50)).isEqualTo(20);
        assertThat(LatencySummary.percentile(sorted, 99)).isEqualTo(30);
        assertThat(LatencySummary.percentile(new long[] {7}, 50)).isEqualTo(7);
    }

    @Test
    void summaryOfUnsortedNanosIsInMillisAndLeavesTheInputAlone() {
        long[] nanos = new long[1000];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = (1000 - i) * MS; // 1000 ms down to 1 ms
        }
        long first = nanos[0];

        LatencySummary summary = LatencySummary.ofNanos(nanos);

        assertThat(summary.count()).isEqualTo(1000);
        assertThat(summary.p50Millis()).isEqualTo(500.0);
        assertThat(summary.p99Millis()).isEqualTo(990.0);
        assertThat(summary.maxMillis()).isEqualTo(1000.0);
        assertThat(summary.meanMillis()).isCloseTo(500.5, within(1e-9));
        assertThat(nanos[0]).isEqualTo(first);
    }

    @Test
    void subMillisecondLatenciesKeepTheirFraction() {
        LatencySummary summary = LatencySummary.ofNanos(new long[] {1_500_000L, 2_250_000L});

        assertThat(summary.p50Millis()).isEqualTo(1.5);
        assertThat(summary.maxMillis()).isEqualTo(2.25);
    }

    @Test
    void noSamplesGiveZeroes() {
        assertThat(LatencySummary.ofNanos(new long[0])).isEqualTo(LatencySummary.NONE);
        assertThat(LatencySummary.NONE.count()).isZero();
    }

    @Test
    void percentileOutsideZeroToHundredIsRefused() {
        assertThatThrownBy(() -> LatencySummary.percentile(new long[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencySummary.percentile(new long[] {1}, 101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencySummary.percentile(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
    }
}
