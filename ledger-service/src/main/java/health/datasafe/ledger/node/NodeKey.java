package health.datasafe.ledger.node;

import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Genesis;
import health.datasafe.integrity.TrustedKeys;
import health.datasafe.kit.trust.GenesisSetting;
import health.datasafe.kit.trust.Trust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * This ledger node: its name; the Ed25519 key it signs block hashes and checkpoints with, from
 * {@code dsh.ledger.private-key} or generated at start; the ledger's origin ({@code dsh.ledger.origin}) its checkpoints
 * are signed under; the genesis its chain starts from ({@code dsh.ledger.genesis}), if any; and the public keys of
 * every signer whose blocks and checkpoints this node accepts when it re-verifies the ledger: its own, the genesis
 * nodes' and those of {@code dsh.trust.ledger-keys} (keys it signed with before). With a genesis the node starts only
 * if the genesis lists its key under its name and names its origin ({@link NodeNotInGenesis}).
 */
@Component
public class NodeKey {

    private static final Logger log = LoggerFactory.getLogger(NodeKey.class);

    private final Ed25519.SigningKey key;
    private final Ed25519.VerifyingKey publicKey;
    private final TrustedKeys trusted;
    private final String origin;
    private final String name;
    private final Genesis genesis;

    NodeKey(LedgerSettings settings, Trust trust) {
        this.name = settings.node();
        this.genesis = settings.genesis() == null ? null : GenesisSetting.read(settings.genesis(), "dsh.ledger.genesis");
        if (genesis != null && settings.privateKey() == null) {
            throw new NodeNotInGenesis(name, genesis.hash(), "dsh.ledger.private-key is not set, and a node of a"
                    + " genesis signs with the key the genesis lists for it");
        }
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
        this.origin = settings.origin();
        if (genesis != null) {
            checkListed();
            log.info("Ledger node {} of genesis {}: {} nodes, quorum {}", name, genesis.hash(), genesis.nodes().size(),
                    genesis.quorum());
        }
        this.trusted = TrustedKeys.of(List.of(publicKey))
                .and(genesis == null ? List.of() : genesis.keys().keys())
                .and(trust.ledger().keys());
    }

    private void checkListed() {
        Genesis.Node listed = genesis.node(name).orElseThrow(() -> new NodeNotInGenesis(name, genesis.hash(),
                "the genesis lists no node of that name, only " + genesis.nodes().stream().map(Genesis.Node::name)
                        .toList()));
        if (!listed.key().keyId().equals(publicKey.keyId())) {
            throw new NodeNotInGenesis(name, genesis.hash(), "its key is " + publicKey.keyId()
                    + " but the genesis lists key " + listed.key().keyId() + " for it");
        }
        if (!genesis.origin().equals(origin)) {
            throw new NodeNotInGenesis(name, genesis.hash(), "dsh.ledger.origin is " + origin
                    + " but the genesis names origin " + genesis.origin());
        }
    }

    /** This node's name ({@code dsh.ledger.node}). */
    public String name() {
        return name;
    }

    /** The genesis the chain starts from, if the ledger has one. */
    public Optional<Genesis> genesis() {
        return Optional.ofNullable(genesis);
    }

    /** What block 0 of every shard links to: the genesis hash, or 64 zeros for a ledger without a genesis. */
    public String genesisHash() {
        return genesis == null ? Blocks.GENESIS_PREVIOUS_HASH : genesis.hash();
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
