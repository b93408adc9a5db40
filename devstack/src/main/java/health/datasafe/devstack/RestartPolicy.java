package health.datasafe.devstack;

import java.time.Duration;

/**
 * When the devstack restarts a service that nobody stopped, once all were up: when its JVM exits, or when
 * {@code failedProbes} liveness probes in a row, {@code probeInterval} apart, got no healthy answer (a JVM starting
 * again has the start-up timeout to become healthy first). Restarts back off so a service that keeps crashing does not
 * take the machine: the first waits {@code firstDelay}, each further one twice as long as the one before, up to
 * {@code maxDelay}; a service healthy for {@code maxDelay} starts again from {@code firstDelay}.
 *
 * @param probeInterval how long from one probe of every service to the next
 * @param failedProbes  how many failed probes in a row make a service unhealthy
 * @param firstDelay    the wait before the first restart in a row
 * @param maxDelay      the longest wait before a restart
 */
public record RestartPolicy(Duration probeInterval, int failedProbes, Duration firstDelay, Duration maxDelay) {

    public static final RestartPolicy DEFAULT = new RestartPolicy(Duration.ofSeconds(5), 3, Duration.ofSeconds(1), Duration.ofMinutes(1));

    public RestartPolicy {
        if (probeInterval == null || !probeInterval.isPositive()) {
            throw new InvalidOption("--health-interval", "must be positive");
        }
        if (failedProbes < 1) {
            throw new InvalidOption("--failed-probes", "must be at least 1, not " + failedProbes);
        }
        if (firstDelay == null || firstDelay.isNegative() || maxDelay == null || maxDelay.compareTo(firstDelay) < 0) {
            throw new InvalidOption("restart delays", "need 0 <= first (" + firstDelay + ") <= max (" + maxDelay + ")");
        }
    }

    /** The wait before a restart that follows {@code earlier} restarts in a row. */
    Duration delay(int earlier) {
        Duration delay = firstDelay;
        for (int i = 0; i < earlier && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.isZero() ? Duration.ofMillis(1) : delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    public RestartPolicy withProbeInterval(Duration interval) {
        return new RestartPolicy(interval, failedProbes, firstDelay, maxDelay);
    }

    public RestartPolicy withFailedProbes(int probes) {
        return new RestartPolicy(probeInterval, probes, firstDelay, maxDelay);
    }
}
