package health.datasafe.integrity;

/**
 * A perfect subtree of a Merkle log: the {@code 2^level} leaves from {@code index * 2^level} on. Level 0 is a leaf
 * (its hash is the leaf hash); a node at level l > 0 hashes its two children at level l - 1. Every hash an RFC 9162
 * proof needs is the hash of such a node, or of the right edge of a tree whose size is not a power of two, which is
 * itself made of such nodes ({@link MerkleTree#subtreeHash}).
 */
public record MerkleNode(int level, long index) {

    public MerkleNode {
        if (level < 0 || level > 62 || index < 0 || index > (Long.MAX_VALUE >> level)) {
            throw new IllegalArgumentException("no such node: level " + level + ", index " + index);
        }
    }

    /** The first leaf below this node. */
    public long from() {
        return index << level;
    }

    /** One past the last leaf below this node. */
    public long to() {
        return (index + 1) << level;
    }

    public MerkleNode left() {
        return new MerkleNode(level - 1, index * 2);
    }

    public MerkleNode right() {
        return new MerkleNode(level - 1, index * 2 + 1);
    }

    public MerkleNode parent() {
        return new MerkleNode(level + 1, index / 2);
    }

    /** The hashes of nodes of one log, by node: a database table, a map, or a computation. */
    @FunctionalInterface
    public interface Source {
        byte[] hash(MerkleNode node);
    }
}
