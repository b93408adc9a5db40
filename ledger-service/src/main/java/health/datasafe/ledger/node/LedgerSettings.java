package health.datasafe.ledger.node;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;


/**
 * Settings under {@code dsh.ledger}.
 *
 * @param privateKey base64 PKCS#8 Ed25519 private key this node signs blocks and checkpoints with; absent or blank =
 *                   a new key is generated at start and its public key logged (only without a genesis)
 * @param origin     the ledger's name: the first line of every checkpoint and the key name of its signature
 *                   (C2SP signed note), conventionally a schema-less URL; no spaces and no '+'
 * @param node       this node's name: the one the genesis lists its key under
 * @param genesis    the genesis document the chain starts from (docs/ledger-format.md, section 4c): its JSON, or the
 *                   path of a file holding it; absent = a one-node ledger whose block 0 links to 64 zeros
 * @param recoverForks whether a node that finds itself on a fork rebuilds itself by replay at once (default true)
 */
@ConfigurationProperties("dsh.ledger")
public record LedgerSettings(String privateKey, @DefaultValue(LedgerSettings.DEFAULT_ORIGIN) String origin,
                             @DefaultValue(LedgerSettings.DEFAULT_NODE) String node, String genesis,
                             @DefaultValue("true") boolean recoverForks) {

    public static final String DEFAULT_ORIGIN = "datasafehealth.local/ledger";
    public static final String DEFAULT_NODE = "ledger-1";

    public LedgerSettings {
        privateKey = privateKey == null || privateKey.isBlank() ? null : privateKey.trim();
        origin = origin == null || origin.isBlank() ? DEFAULT_ORIGIN : origin.trim();
        node = node == null || node.isBlank() ? DEFAULT_NODE : node.trim();
        genesis = genesis == null || genesis.isBlank() ? null : genesis.trim();
        if (origin.contains("+") || origin.codePoints().anyMatch(c -> Character.isWhitespace(c)
                || Character.isSpaceChar(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("dsh.ledger.origin must have no spaces, control characters or '+', got "
                    + origin);
        }
    }
}
