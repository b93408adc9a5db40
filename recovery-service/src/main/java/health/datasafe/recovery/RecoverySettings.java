package health.datasafe.recovery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * Settings under {@code dsh.recovery}.
 *
 * @param ledgerUrl         base URL of the ledger-service API that audits compare against
 * @param ledgerTimeout     how long one request to the ledger API may take
 */
@ConfigurationProperties("dsh.recovery")
public record RecoverySettings(@DefaultValue("http://127.0.0.1:8083") URI ledgerUrl,
                               @DefaultValue("10s") Duration ledgerTimeout) {
}
