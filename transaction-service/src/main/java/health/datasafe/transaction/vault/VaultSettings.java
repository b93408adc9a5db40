package health.datasafe.transaction.vault;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code dsh.vault}.
 *
 * @param masterKey base64 of the 32-byte AES key that wraps every patient key; generated at start when absent
 *                  (then nothing stored survives a restart in readable form)
 */
@ConfigurationProperties("dsh.vault")
public record VaultSettings(String masterKey) {
}
