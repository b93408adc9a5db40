package health.datasafe.bench.submit;

import health.datasafe.bench.latency.LatencySummary;

import java.util.List;

/**
 * What the submit load achieved in its measured window (after the warm-up).
 *
 * @param committed          RECORD_ADDED transactions seen COMMITTED inside the window
 * @param seconds            length of the window
 * @param committedPerSecond {@code committed / seconds}
 * @param latency            submit-to-committed latency of those transactions (from sending the POST to seeing
 *                           COMMITTED, whether by a 201 or by polling)
 * @param errors             submissions that failed inside the window (refused, rejected, unreachable, not committed
 *                           in time)
 * @param polled             of {@code committed}, how many answered 202 and had to be polled
 * @param warmupCommitted    transactions committed during the warm-up (not counted)
 * @param warmupErrors       failures during the warm-up (not counted)
 * @param unfinished         submissions still waiting when the window closed (not counted)
 * @param errorSamples       the first few distinct error messages
 */
public record SubmitResult(long committed, double seconds, double committedPerSecond, LatencySummary latency,
                           long errors, long polled, long warmupCommitted, long warmupErrors, long unfinished,
                           List<String> errorSamples) {
}
