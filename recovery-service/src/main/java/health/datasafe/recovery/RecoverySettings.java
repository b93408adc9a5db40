package health.datasafe.recovery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Settings under {@code dsh.recovery}.
 *
 * @param ledgerUrl         base URL of the ledger-service API that audits compare against
 * @param ledgerPublicKeys  base64 X.509 Ed25519 public keys of the ledger nodes whose block signatures are trusted,
 *                          matched by key id; when empty, the first signer seen is trusted on first use
 * @param ledgerTimeout     how long one request to the ledger API may take
 */
@ConfigurationProperties("dsh.recovery")
public record RecoverySettings(@DefaultValue("http://127.0.0.1:8083") URI ledgerUrl,
                               @DefaultValue List<String> ledgerPublicKeys,
                               @DefaultValue("10s") Duration ledgerTimeout) {

    public RecoverySettings {
        ledgerPublicKeys = ledgerPublicKeys == null ? List.of()
                : ledgerPublicKeys.stream().filter(key -> key != null && !key.isBlank()).map(String::trim).toList();
    }
}
