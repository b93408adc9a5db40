package health.datasafe.transaction.record;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings under {@code dsh.read}.
 *
 * @param timeout how long a read waits for its RECORD_ACCESSED (and, when refused, its ACCESS_DENIED) to be committed
 */
@ConfigurationProperties("dsh.read")
public record ReadSettings(@DefaultValue("10s") Duration timeout) {
}
