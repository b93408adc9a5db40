package health.datasafe.bench.capacity;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a capacity run does, from the {@code submit} options (docs/bench.md lists them with their defaults).
 *
 * @param mode                 {@code rate}, {@code find-max} or {@code overload}
 * @param rate                 {@code --rate}: the one rate offered
 * @param window               {@code --duration}: the measured window of {@code --rate}
 * @param step                 {@code --step}: the measured window of each find-max and half-load step
 * @param warmup               {@code --warmup}: before each measured window
 * @param startRate            {@code --start-rate}: find-max's first rate
 * @param factor               {@code --factor}: find-max multiplies by it while steps hold
 * @param refinements          {@code --refinements}: halvings of the gap between held and failed rates
 * @param maxSteps             {@code --max-steps}: find-max steps at most
 * @param singleClient         {@code --single-client-duration}: the one-client window
 * @param patients             {@code --patients}: enrolled before the first window, reused by every step
 * @param enrolConcurrency     {@code --enrol-concurrency}: registrations at a time
 * @param commitDeadline       {@code --commit-deadline}: an arrival not committed this long after it was due is a
 *                             timeout; also its {@code Prefer: wait} (at most 30 s)
 * @param maxOutstanding       {@code --max-outstanding}: requests in flight at most
 * @param baselineDuration     {@code --baseline-duration}
 * @param baselineRowBytes     {@code --record-bytes}: the baseline's row payload
 * @param max                  {@code --max}: the maximum the overload multiplies, or null to read it from
 *                             {@code maxFile}
 * @param maxFile              a previous result with {@code maxCommittedPerSecond} (the output file by default)
 * @param overloadWindow       {@code --overload-duration}: each overload step's window
 * @param recoveryDuration     {@code --recovery-duration}: the low-rate check after the overload
 */
public record CapacitySettings(String mode, double rate, Duration window, Duration step, Duration warmup,
                               double startRate, double factor, int refinements, int maxSteps, Duration singleClient,
                               int patients, int enrolConcurrency, Duration commitDeadline, int maxOutstanding,
                               Duration baselineDuration, int baselineRowBytes, Double max, Path maxFile,
                               Duration overloadWindow, Duration recoveryDuration) {

    /** The baseline's threads: fixed, so its figure does not move with any other option. */
    public static final int BASELINE_THREADS = 8;
    /** The overload multiples of the maximum. */
    static final double[] OVERLOAD_MULTIPLES = {2, 4};
}
