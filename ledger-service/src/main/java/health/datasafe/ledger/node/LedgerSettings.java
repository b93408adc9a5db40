package health.datasafe.ledger.node;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * Settings under {@code dsh.ledger} (the block cutting rules are under {@code dsh.ledger.block}).
 *
 * @param privateKey     base64 PKCS#8 Ed25519 private key this node signs blocks with; absent or blank = a new key
 *                       is generated at start and its public key logged
 * @param trustedSigners base64 X.509 Ed25519 public keys of other block signers whose blocks a verification accepts,
 *                       besides this node's own key (e.g. keys this node used before)
 */
@ConfigurationProperties("dsh.ledger")
public record LedgerSettings(String privateKey, @DefaultValue List<String> trustedSigners) {

    public LedgerSettings {
        privateKey = privateKey == null || privateKey.isBlank() ? null : privateKey.trim();
        trustedSigners = trustedSigners == null ? List.of()
                : trustedSigners.stream().filter(key -> key != null && !key.isBlank()).map(String::trim).toList();
    }
}
