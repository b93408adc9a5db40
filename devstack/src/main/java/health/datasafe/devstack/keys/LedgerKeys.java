package health.datasafe.devstack.keys;

import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Genesis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's nodes as a data directory keeps them: each node's key ({@code ledger-node.pkcs8} for node 1,
 * {@code ledger-node-<k>.pkcs8} for node k, with its {@code .pub}) and the genesis document that lists them
 * ({@code genesis.json}: origin {@value #ORIGIN}, nodes {@code ledger-1} to {@code ledger-<n>}, quorum the majority),
 * written once, when the data directory's first start creates the ledger. A data directory made before genesis
 * documents has one node's key and no genesis: its one node runs without one.
 *
 * @param nodes       every node, node 1 first
 * @param genesis     the genesis document, or null for a ledger from before genesis documents (then one node)
 * @param genesisFile where the genesis is kept ({@code keys/genesis.json}), or null without one
 */
public record LedgerKeys(List<LedgerNodeKey> nodes, Genesis genesis, Path genesisFile) {

    /** How many nodes a new ledger has unless asked otherwise. */
    public static final int DEFAULT_NODES = 3;
    /** Asked for no number of nodes: as many as the data directory's ledger has, {@value #DEFAULT_NODES} for a new one. */
    public static final int AS_KEPT = 0;
    /** The origin of the devstack's ledger: the ledger-service's default. */
    public static final String ORIGIN = "datasafehealth.local/ledger";
    static final String GENESIS_FILE = "genesis.json";

    private static final Logger log = LoggerFactory.getLogger(LedgerKeys.class);

    public LedgerKeys {
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty() || (genesis == null && nodes.size() > 1)) {
            throw new IllegalArgumentException("a ledger has one node, or as many as its genesis lists, not " + nodes.size());
        }
        if ((genesis == null) != (genesisFile == null)) {
            throw new IllegalArgumentException("a genesis and the file keeping it come together");
        }
    }

    /** A ledger of one node without a genesis document, as data directories from before genesis documents keep it. */
    public static LedgerKeys withoutGenesis(LedgerNodeKey node) {
        return new LedgerKeys(List.of(node), null, null);
    }

    /** Whether the ledger starts from a genesis document (every one created since genesis documents exist). */
    public boolean hasGenesis() {
        return genesis != null;
    }

    /** Node {@code node}, counted from 1. */
    public LedgerNodeKey node(int node) {
        if (node < 1 || node > nodes.size()) {
            throw new IllegalArgumentException("the ledger has " + nodes.size() + " node(s), not a node " + node);
        }
        return nodes.get(node - 1);
    }

    /** The file of node {@code node}'s private key: {@code ledger-node.pkcs8}, {@code ledger-node-2.pkcs8}, ... */
    static String keyFile(int node) {
        return (node == 1 ? "ledger-node" : "ledger-node-" + node) + ".pkcs8";
    }

    /**
     * Reads the ledger kept in {@code directory}, or creates one of {@code asked} nodes there ({@value #DEFAULT_NODES}
     * for {@link #AS_KEPT}) when it keeps none.
     *
     * @throws KeptLedgerDiffers when the kept ledger has another number of nodes than {@code asked}, or its keys are
     *                           not the ones its genesis lists
     */
    static LedgerKeys loadOrCreate(Path directory, int asked) throws IOException {
        Path genesisFile = directory.resolve(GENESIS_FILE);
        if (Files.exists(genesisFile)) {
            return kept(directory, genesisFile, asked);
        }
        if (Files.exists(directory.resolve(keyFile(1)))) {
            return keptWithoutGenesis(directory, asked);
        }
        return created(directory, genesisFile, asked == AS_KEPT ? DEFAULT_NODES : asked);
    }

    private static LedgerKeys kept(Path directory, Path genesisFile, int asked) throws IOException {
        Genesis genesis;
        try {
            genesis = Genesis.parse(Files.readAllBytes(genesisFile));
        } catch (Genesis.GenesisInvalid invalid) {
            throw new KeptLedgerDiffers(genesisFile + " cannot start a ledger (" + invalid.getMessage()
                    + "): start with --fresh to begin a new one");
        }
        int count = genesis.nodes().size();
        if (asked != AS_KEPT && asked != count) {
            throw new KeptLedgerDiffers(("--ledger-nodes %d asked for, but this data directory's ledger has %d node%s"
                    + " (keys/genesis.json): start with --ledger-nodes %d, or with --fresh to begin a new ledger of %d")
                    .formatted(asked, count, count == 1 ? "" : "s", count, asked));
        }
        List<LedgerNodeKey> nodes = new ArrayList<>();
        for (int node = 1; node <= count; node++) {
            String name = LedgerNodeKey.name(node);
            Genesis.Node listed = genesis.node(name).orElseThrow(() -> new KeptLedgerDiffers(genesisFile
                    + " does not list its nodes as the devstack names them (ledger-1 to ledger-" + count
                    + "): start with --fresh to begin a new ledger"));
            Path file = directory.resolve(keyFile(node));
            if (!Files.exists(file)) {
                throw new KeptLedgerDiffers(file + " is missing, and keys/genesis.json pins " + name
                        + "'s key: put it back, or start with --fresh to begin a new ledger");
            }
            Ed25519.SigningKey key = DevstackKeys.signingKey(file);
            if (!key.verifyingKey().keyId().equals(listed.key().keyId())) {
                throw new KeptLedgerDiffers(file + " is not the key keys/genesis.json lists for " + name
                        + ": put the right one back, or start with --fresh to begin a new ledger");
            }
            nodes.add(nodeKey(directory, node, key));
        }
        return new LedgerKeys(nodes, genesis, genesisFile);
    }

    private static LedgerKeys keptWithoutGenesis(Path directory, int asked) throws IOException {
        if (asked != AS_KEPT && asked != 1) {
            throw new KeptLedgerDiffers(("--ledger-nodes %d asked for, but this data directory's ledger has one node and"
                    + " no genesis document (it was made before them): start with --fresh to begin a new ledger of %d")
                    .formatted(asked, asked));
        }
        log.warn("This data directory's ledger was made before genesis documents (keys/{} but no keys/{}): its one node"
                + " runs without one; start with --fresh to run several ledger nodes", keyFile(1), GENESIS_FILE);
        return withoutGenesis(nodeKey(directory, 1, DevstackKeys.signingKey(directory.resolve(keyFile(1)))));
    }

    private static LedgerKeys created(Path directory, Path genesisFile, int count) throws IOException {
        List<LedgerNodeKey> nodes = new ArrayList<>();
        List<Genesis.Node> listed = new ArrayList<>();
        for (int node = 1; node <= count; node++) {
            Ed25519.SigningKey key = Ed25519.SigningKey.generate();
            DevstackKeys.writePrivate(directory.resolve(keyFile(node)), key.toPkcs8());
            LedgerNodeKey kept = nodeKey(directory, node, key);
            nodes.add(kept);
            listed.add(new Genesis.Node(kept.name(), kept.publicKey()));
        }
        Genesis genesis = Genesis.of(ORIGIN, listed);
        // last: a data directory with a genesis has every key it lists
        Path temporary = genesisFile.resolveSibling(GENESIS_FILE + ".tmp");
        Files.write(temporary, genesis.canonicalJson());
        Files.move(temporary, genesisFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        log.info("A new ledger of {} node{}: genesis {} in {}", count, count == 1 ? "" : "s", genesis.hash(), genesisFile);
        return new LedgerKeys(nodes, genesis, genesisFile);
    }

    /** Node {@code node} with {@code key}, its public key (re)written beside the private one. */
    private static LedgerNodeKey nodeKey(Path directory, int node, Ed25519.SigningKey key) throws IOException {
        String publicKey = key.verifyingKey().toX509();
        Files.writeString(directory.resolve(keyFile(node).replace(".pkcs8", ".pub")), publicKey + "\n", StandardCharsets.US_ASCII);
        return new LedgerNodeKey(LedgerNodeKey.name(node), key.toPkcs8(), publicKey);
    }
}
