package health.datasafe.integrity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of a Merkle log as a block or a bundle carries it: the frontier of the log before its first leaf, and the
 * leaf hashes from there to the end. That is enough to compute the log's root and an RFC 9162 inclusion proof for any
 * of those leaves, without the rest of the log: every proof hash left of the first leaf is a frontier node.
 */
public final class LogSlice implements MerkleNode.Source {

    private final long firstLeaf;
    private final long size;
    private final Map<MerkleNode, byte[]> frontier = new HashMap<>();
    private final List<byte[]> leaves;

    /**
     * @param before     the frontier of the log's first {@code before.size()} leaves
     * @param leafHashes the leaf hashes of the leaves after those, in order
     */
    public LogSlice(LogFrontier before, List<byte[]> leafHashes) {
        this.firstLeaf = before.size();
        this.size = firstLeaf + leafHashes.size();
        this.leaves = List.copyOf(leafHashes);
        before.nodes().forEach(node -> frontier.put(node.node(), node.hash()));
    }

    public long firstLeaf() {
        return firstLeaf;
    }

    public long size() {
        return size;
    }

    public byte[] root() {
        return MerkleTree.root(size, this);
    }

    /** The inclusion proof of leaf {@code index} (which must be in this slice) in the tree of all {@link #size()} leaves. */
    public List<byte[]> inclusionProof(long index) {
        if (index < firstLeaf || index >= size) {
            throw new IllegalArgumentException("leaf %d is not in this slice [%d, %d)".formatted(index, firstLeaf, size));
        }
        return MerkleProofs.inclusion(index, size, this);
    }

    @Override
    public byte[] hash(MerkleNode node) {
        if (node.to() <= firstLeaf) {
            byte[] hash = frontier.get(node);
            if (hash == null) {
                throw new IllegalStateException("node " + node + " lies before the slice and is not a frontier node");
            }
            return hash;
        }
        if (node.level() == 0) {
            return leaves.get(Math.toIntExact(node.index() - firstLeaf));
        }
        return MerkleTree.nodeHash(hash(node.left()), hash(node.right()));
    }
}
