package health.datasafe.ledger.node;

/**
 * This node cannot sign the chain its genesis starts: the genesis lists no node of its name, or lists another key
 * under it, or names another origin. The node refuses to start.
 */
public final class NodeNotInGenesis extends IllegalStateException {

    private final String node;
    private final String genesisHash;

    NodeNotInGenesis(String node, String genesisHash, String why) {
        super("Ledger node " + node + " refuses to start: " + why + " (genesis " + genesisHash + ").");
        this.node = node;
        this.genesisHash = genesisHash;
    }

    public String node() {
        return node;
    }

    public String genesisHash() {
        return genesisHash;
    }
}
