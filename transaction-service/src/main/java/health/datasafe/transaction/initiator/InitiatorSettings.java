package health.datasafe.transaction.initiator;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code dsh.initiator}.
 *
 * @param privateKey base64 PKCS#8 DER Ed25519 private key that signs every transaction; generated at start when absent
 */
@ConfigurationProperties("dsh.initiator")
public record InitiatorSettings(String privateKey) {
}
