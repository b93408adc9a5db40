package health.datasafe.integrity;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The document a ledger begins with: its origin, the nodes that sign its blocks and checkpoints (a name and an Ed25519
 * public key each) and how many of them make a block final. Its hash, SHA-256 of its canonical JSON, is the
 * {@code previousHash} of block 0 of every shard, so the chain itself commits to who may sign it
 * (docs/ledger-format.md, section 4c).
 *
 * <p>A genesis has 1 to {@value #MAX_NODES} nodes with distinct names and distinct keys, and a quorum that is more than
 * half of them: two quorums then always share a node, so two different blocks at one height cannot both be final
 * unless a node signed both.
 *
 * @param version always {@value #VERSION}
 * @param origin  the ledger's origin: the first line and key name of every checkpoint
 * @param nodes   the ledger nodes, in the order the operator listed them
 * @param quorum  how many nodes must sign the same block hash for the block to be final
 */
public record Genesis(int version, String origin, List<Node> nodes, int quorum) {

    public static final int VERSION = 1;
    public static final int MAX_NODES = 7;

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * One ledger node.
     *
     * @param name      how operators and alerts name it, e.g. {@code ledger-1}: lowercase letters, digits and '-'
     * @param publicKey its base64 X.509 Ed25519 public key
     */
    public record Node(String name, String publicKey) {

        /** The node's key. */
        public Ed25519.VerifyingKey key() {
            return Ed25519.VerifyingKey.fromX509(publicKey);
        }
    }

    public Genesis {
        if (version != VERSION) {
            throw new GenesisInvalid("version is " + version + "; this ledger reads version " + VERSION);
        }
        if (origin == null || origin.isEmpty() || origin.contains("+") || origin.codePoints().anyMatch(c ->
                Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c))) {
            throw new GenesisInvalid("origin must be non-empty with no spaces, control characters or '+', got "
                    + origin);
        }
        if (nodes == null || nodes.isEmpty() || nodes.size() > MAX_NODES) {
            throw new GenesisInvalid("a ledger has 1 to " + MAX_NODES + " nodes, got "
                    + (nodes == null ? 0 : nodes.size()));
        }
        nodes = List.copyOf(nodes);
        var names = new HashSet<String>();
        var keyIds = new HashSet<String>();
        for (Node node : nodes) {
            if (node == null || node.name() == null || !node.name().matches("[a-z0-9][a-z0-9-]{0,62}")) {
                throw new GenesisInvalid("a node's name is 1 to 63 lowercase letters, digits and '-', got "
                        + (node == null ? null : node.name()));
            }
            if (!names.add(node.name())) {
                throw new GenesisInvalid("node " + node.name() + " is listed twice");
            }
            Ed25519.VerifyingKey key;
            try {
                key = node.key();
            } catch (RuntimeException e) {
                throw new GenesisInvalid("node " + node.name() + " has no readable Ed25519 public key: "
                        + e.getMessage());
            }
            if (!keyIds.add(key.keyId())) {
                throw new GenesisInvalid("node " + node.name() + " has the key of another node, " + key.keyId());
            }
        }
        if (quorum <= nodes.size() / 2 || quorum > nodes.size()) {
            throw new GenesisInvalid("the quorum of " + nodes.size() + " nodes is " + (nodes.size() / 2 + 1) + " to "
                    + nodes.size() + " (more than half, so that two quorums share a node), got " + quorum);
        }
    }

    /** A genesis whose quorum is the majority of its nodes. */
    public static Genesis of(String origin, List<Node> nodes) {
        return new Genesis(VERSION, origin, nodes, nodes == null ? 0 : nodes.size() / 2 + 1);
    }

    /** Reads a genesis document, refusing anything that is not exactly this shape or breaks a rule above. */
    public static Genesis parse(byte[] json) {
        try {
            StrictJson.decode(json);
            Genesis genesis = STRICT.readValue(json, Genesis.class);
            if (genesis == null) {
                throw new GenesisInvalid("the document is null");
            }
            return genesis;
        } catch (GenesisInvalid e) {
            throw e;
        } catch (JacksonException e) {
            if (e.getCause() instanceof GenesisInvalid invalid) {
                throw invalid;
            }
            throw new GenesisInvalid("not a genesis document: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            throw new GenesisInvalid("not a genesis document: " + e.getMessage());
        }
    }

    /** The canonical JSON (RFC 8785) whose SHA-256 is the genesis hash. */
    public byte[] canonicalJson() {
        return CanonicalJson.of(this);
    }

    /** Hex SHA-256 of the canonical JSON: the previous hash of block 0 of every shard. */
    public String hash() {
        return Hex.of(Sha256.hash(canonicalJson()));
    }

    /** The node of that name. */
    public Optional<Node> node(String name) {
        return nodes.stream().filter(node -> node.name().equals(name)).findFirst();
    }

    /** The node holding the key of that key id. */
    public Optional<Node> nodeByKeyId(String keyId) {
        return nodes.stream().filter(node -> node.key().keyId().equals(keyId)).findFirst();
    }

    /** The public keys of every node: those whose block and checkpoint signatures count. */
    public TrustedKeys keys() {
        var keys = new ArrayList<Ed25519.VerifyingKey>(nodes.size());
        nodes.forEach(node -> keys.add(node.key()));
        return TrustedKeys.of(keys);
    }

    /** A genesis document that cannot start a ledger: not this shape, or against one of the rules of {@link Genesis}. */
    public static final class GenesisInvalid extends RuntimeException {
        public GenesisInvalid(String why) {
            super("genesis document refused: " + why);
        }
    }
}
