package health.datasafe.integrity;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of a Merkle log as a block or a bundle carries it: the frontier of the log before its first leaf, and the
 * leaf hashes from there to the end. That is enough to compute the log's root and an RFC 9162 inclusion proof for any
 * of those leaves, without the rest of the log: every proof hash left of the first leaf is a frontier node.
 *
 * <p>Every node hash computed is kept, so the root and any number of proofs share one build of the slice's tree: for a
 * slice of B leaves at most about 2B + 2·log2(n) hashes are computed in all, and {@link #inclusionProofs()} answers
 * all B proofs in O(B log n). Not safe for use by several threads at once.
 */
public final class LogSlice implements MerkleNode.Source {

    private final long firstLeaf;
    private final long size;
    private final Map<MerkleNode, byte[]> frontier = new HashMap<>();
    private final List<byte[]> leaves;
    /** Perfect nodes over the slice's leaves, computed once. */
    private final Map<MerkleNode, byte[]> built = new HashMap<>();
    /** Hashes of the right edge's subtrees [from, size) that are not perfect, by from, computed once. */
    private final Map<Long, byte[]> rightEdge = new HashMap<>();

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

    /**
     * The inclusion proof of every leaf of this slice, in leaf order: element i is
     * {@code inclusionProof(firstLeaf() + i)}. One walk down RFC 9162's PATH recursion, entering only subtrees that hold
     * leaves of the slice, with each sibling subtree hashed once and shared by all the proofs below it: O(B log n) for
     * B leaves in a log of n, where asking {@link MerkleProofs#inclusion} for each leaf over an unshared source costs
     * O(B) hashes per proof.
     */
    public List<List<byte[]>> inclusionProofs() {
        var proofs = new ArrayList<List<byte[]>>(leaves.size());
        if (!leaves.isEmpty()) {
            paths(0, size, new ArrayDeque<>(), proofs);
        }
        return proofs;
    }

    /** PATH for every slice leaf in [from, to); {@code above} holds the sibling hashes from this subtree up, lowest first. */
    private void paths(long from, long to, ArrayDeque<byte[]> above, List<List<byte[]>> out) {
        long n = to - from;
        if (n == 1) {
            out.add(List.copyOf(above));
            return;
        }
        long k = Long.highestOneBit(n - 1);
        if (from + k > firstLeaf) {
            above.push(subtree(from + k, to));
            paths(from, from + k, above, out);
            above.pop();
        }
        above.push(subtree(from, from + k));
        paths(from + k, to, above, out);
        above.pop();
    }

    /** MTH(D[from:to]) of a subtree of the PATH recursion: a perfect node, or a part of the right edge. */
    private byte[] subtree(long from, long to) {
        long n = to - from;
        if (Long.bitCount(n) == 1) {
            int level = Long.numberOfTrailingZeros(n);
            return hash(new MerkleNode(level, from >> level));
        }
        byte[] known = rightEdge.get(from);
        if (known == null) {
            long k = Long.highestOneBit(n);
            known = MerkleTree.nodeHash(subtree(from, from + k), subtree(from + k, to));
            rightEdge.put(from, known);
        }
        return known;
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
        byte[] known = built.get(node);
        if (known == null) {
            known = MerkleTree.nodeHash(hash(node.left()), hash(node.right()));
            built.put(node, known);
        }
        return known;
    }
}
