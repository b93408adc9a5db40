package health.datasafe.ledger.merkle;

import health.datasafe.integrity.MerkleNode;

/** A node the shard's log must have (it lies within the committed log size) is not stored. */
public final class MerkleNodeMissing extends RuntimeException {

    private final int shard;
    private final transient MerkleNode node;

    public MerkleNodeMissing(int shard, MerkleNode node) {
        super("node (level %d, index %d) of shard %d's log is not stored".formatted(node.level(), node.index(), shard));
        this.shard = shard;
        this.node = node;
    }

    public int shard() {
        return shard;
    }

    public MerkleNode node() {
        return node;
    }
}
