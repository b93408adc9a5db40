package health.datasafe.ledger.node;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;


/**
 * Settings under {@code dsh.ledger}.
 *
 * @param privateKey     base64 PKCS#8 Ed25519 private key this node signs blocks and checkpoints with; absent or blank
 *                       = a new key is generated at start and its public key logged
 * @param origin         the ledger's name: the first line of every checkpoint and the key name of its signature
 *                       (C2SP signed note), conventionally a schema-less URL; no spaces and no '+'
 */
@ConfigurationProperties("dsh.ledger")
public record LedgerSettings(String privateKey, @DefaultValue(LedgerSettings.DEFAULT_ORIGIN) String origin) {

    public static final String DEFAULT_ORIGIN = "datasafehealth.local/ledger";

    public LedgerSettings {
        privateKey = privateKey == null || privateKey.isBlank() ? null : privateKey.trim();
        origin = origin == null || origin.isBlank() ? DEFAULT_ORIGIN : origin.trim();
        if (origin.contains("+") || origin.codePoints().anyMatch(c -> Character.isWhitespace(c)
                || Character.isSpaceChar(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("dsh.ledger.origin must have no spaces, control characters or '+', got "
                    + origin);
        }
    }
}
