package health.datasafe.ledger.node;

import health.datasafe.integrity.Blocks;

/**
 * This node's database holds a chain that starts from another genesis than the one it is configured with (or from
 * none, block 0 linking to 64 zeros): the node refuses to start rather than extend or serve that chain.
 */
public final class GenesisDiffers extends IllegalStateException {

    private final String node;
    private final String stored;
    private final String configured;

    public GenesisDiffers(String node, String stored, String configured) {
        super("Ledger node " + node + " refuses to start: its database holds a chain from " + describe(stored)
                + " but it is configured with " + describe(configured)
                + "; give it the genesis its chain was built from, or an empty database.");
        this.node = node;
        this.stored = stored;
        this.configured = configured;
    }

    private static String describe(String hash) {
        return Blocks.GENESIS_PREVIOUS_HASH.equals(hash) ? "no genesis document (block 0 links to 64 zeros)"
                : "genesis " + hash;
    }

    public String node() {
        return node;
    }

    /** The genesis hash the stored chain links block 0 to. */
    public String stored() {
        return stored;
    }

    /** The genesis hash of {@code dsh.ledger.genesis}, or 64 zeros without one. */
    public String configured() {
        return configured;
    }
}
