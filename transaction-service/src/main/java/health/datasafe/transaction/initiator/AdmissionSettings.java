package health.datasafe.transaction.initiator;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings under {@code dsh.admission}: how many of this instance's transactions may be on their way to the ledger at
 * once ({@link CommitLatencyLimit}).
 *
 * @param targetLatency submit→outcome a window's mean may take before the limit shrinks
 * @param initialLimit  the limit at start
 * @param minLimit      the limit never shrinks below this, so a slow pipeline still makes progress
 * @param maxLimit      nor grows above this
 * @param window        how often the limit is adjusted, from the outcomes seen in the window
 * @param maxAge        a transaction without an outcome this long stops counting (and counts as that slow)
 */
@ConfigurationProperties("dsh.admission")
public record AdmissionSettings(@DefaultValue("1s") Duration targetLatency, @DefaultValue("64") int initialLimit,
                                @DefaultValue("16") int minLimit, @DefaultValue("256") int maxLimit,
                                @DefaultValue("250ms") Duration window, @DefaultValue("30s") Duration maxAge) {

    public AdmissionSettings {
        if (minLimit < 1 || maxLimit < minLimit || initialLimit < minLimit || initialLimit > maxLimit) {
            throw new IllegalArgumentException("dsh.admission needs 1 <= min-limit <= initial-limit <= max-limit, not "
                    + minLimit + ", " + initialLimit + ", " + maxLimit);
        }
        if (!targetLatency.isPositive() || !window.isPositive() || maxAge.compareTo(window) <= 0) {
            throw new IllegalArgumentException("dsh.admission needs a positive target-latency and window, and a max-age"
                    + " longer than the window");
        }
    }
}
