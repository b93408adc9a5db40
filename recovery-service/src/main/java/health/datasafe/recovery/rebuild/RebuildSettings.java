package health.datasafe.recovery.rebuild;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Settings under {@code dsh.recovery} for rebuilds.
 *
 * @param services {@code dsh.recovery.services.<name>.url} and {@code .segment}: where each rebuildable service
 *                 serves {@code POST /api/<segment>/rebuilds}; names are those of {@link RebuildTargets#SERVICES}. The
 *                 ledger-service's URL defaults to {@code dsh.recovery.ledger-url}; a service without a URL answers
 *                 501 to a rebuild
 * @param rebuilds {@code dsh.recovery.rebuilds.*}: how running rebuilds are followed
 */
@ConfigurationProperties("dsh.recovery")
record RebuildSettings(@DefaultValue Map<String, Service> services, @DefaultValue Rebuilds rebuilds) {

    RebuildSettings {
        services = services == null ? Map.of() : Map.copyOf(services);
    }

    /**
     * One service's rebuild endpoint.
     *
     * @param url     its base URL (no path), or none: the service cannot be asked to rebuild
     * @param segment the path segment after {@code /api/}, or none for the service's usual one
     */
    record Service(URI url, String segment) {
    }

    /**
     * @param pollInterval        how long after one poll of the running rebuilds ends the next starts
     * @param giveUpAfter         how long a target may stay unreachable (no answer, or 5xx) before its rebuild is
     *                            marked FAILED
     * @param progressLogInterval how often a running rebuild's progress goes to the log
     * @param timeout             how long one request to a target may take
     */
    record Rebuilds(@DefaultValue("1s") Duration pollInterval, @DefaultValue("2m") Duration giveUpAfter,
                    @DefaultValue("5s") Duration progressLogInterval, @DefaultValue("10s") Duration timeout) {

        Rebuilds {
            positive("poll-interval", pollInterval);
            positive("give-up-after", giveUpAfter);
            positive("progress-log-interval", progressLogInterval);
            positive("timeout", timeout);
        }

        private static void positive(String name, Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("dsh.recovery.rebuilds." + name + " must be positive, got " + value);
            }
        }
    }
}
