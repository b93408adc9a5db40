package health.datasafe.ledger.node;

import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.TrustedKeys;
import health.datasafe.kit.trust.Trust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The Ed25519 key this node signs block hashes and checkpoints with, from {@code dsh.ledger.private-key} or generated at
 * start; the ledger's origin ({@code dsh.ledger.origin}) its checkpoints are signed under; and the public keys of every
 * signer whose blocks and checkpoints this node accepts when it re-verifies the ledger: its own and those of
 * {@code dsh.trust.ledger-keys} (other nodes, or keys this node signed with before).
 */
@Component
public class NodeKey {

    private static final Logger log = LoggerFactory.getLogger(NodeKey.class);

    private final Ed25519.SigningKey key;
    private final Ed25519.VerifyingKey publicKey;
    private final TrustedKeys trusted;
    private final String origin;

    NodeKey(LedgerSettings settings, Trust trust) {
        if (settings.privateKey() == null) {
            this.key = Ed25519.SigningKey.generate();
            this.publicKey = key.verifyingKey();
            log.warn("dsh.ledger.private-key is not set: generated ledger node key {}, public key (X.509) {}",
                    publicKey.keyId(), publicKey.toX509());
        } else {
            this.key = Ed25519.SigningKey.fromPkcs8(settings.privateKey());
            this.publicKey = key.verifyingKey();
            log.info("Ledger node key {}, public key (X.509) {}", publicKey.keyId(), publicKey.toX509());
        }
        this.trusted = TrustedKeys.of(List.of(publicKey)).and(trust.ledger().keys());
        this.origin = settings.origin();
    }

    public String keyId() {
        return publicKey.keyId();
    }

    /** Base64 X.509 SubjectPublicKeyInfo of the public key. */
    public String publicKeyX509() {
        return publicKey.toX509();
    }

    /** Base64 Ed25519 signature over the 32 raw bytes of the block hash. */
    public String sign(String blockHash) {
        return Blocks.sign(blockHash, key);
    }

    /** The public key of a signer whose blocks are accepted, or null. */
    public Ed25519.VerifyingKey signer(String keyId) {
        return trusted.byKeyId(keyId).orElse(null);
    }

    /** Every key whose signatures this node accepts, its own first. */
    public List<Ed25519.VerifyingKey> trustedKeys() {
        return trusted.keys();
    }

    /** The ledger's origin: the first line of its checkpoints and the name they are signed under. */
    public String origin() {
        return origin;
    }

    /** The signed note of a checkpoint of these shard logs (shards 0, 1, 2, ... in order) under this node's origin. */
    public String signCheckpoint(List<Checkpoint.ShardLog> shards) {
        return new Checkpoint(origin, shards).sign(key);
    }
}
