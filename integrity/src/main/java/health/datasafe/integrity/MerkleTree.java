package health.datasafe.integrity;

import java.util.List;

/**
 * RFC 9162 section 2.1.1 Merkle tree hash: leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || left || right),
 * the empty tree hashes to SHA-256 of nothing. Entries here are 32-byte tx hashes.
 */
public final class MerkleTree {

    private static final byte[] LEAF_PREFIX = {0x00};
    private static final byte[] NODE_PREFIX = {0x01};
    private static final byte[] EMPTY_ROOT = Sha256.hash();

    private MerkleTree() {
    }

    public static byte[] leafHash(byte[] entry) {
        return Sha256.hash(LEAF_PREFIX, entry);
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        return Sha256.hash(NODE_PREFIX, left, right);
    }

    /** MTH({}), the root of the empty tree: SHA-256 of no bytes. */
    public static byte[] emptyRoot() {
        return EMPTY_ROOT.clone();
    }

    /** MTH(D[n]) of the given entries, in order. */
    public static byte[] root(List<byte[]> entries) {
        if (entries.isEmpty()) {
            return emptyRoot();
        }
        byte[][] leaves = new byte[entries.size()][];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = leafHash(entries.get(i));
        }
        return rootOfLeaves(leaves);
    }

    /** MTH of a non-empty tree whose leaf hashes are given, in order. */
    public static byte[] rootOfLeaves(byte[][] leafHashes) {
        if (leafHashes.length == 0) {
            throw new IllegalArgumentException("the empty tree has no leaves; its root is emptyRoot()");
        }
        return subtreeHash(0, leafHashes.length, node -> nodeFromLeaves(leafHashes, node));
    }

    public static String rootHex(List<String> hexEntries) {
        return Hex.of(root(hexEntries.stream().map(Hex::parseHash).toList()));
    }

    /** MTH of the first {@code size} leaves of a log whose perfect nodes {@code nodes} knows. */
    public static byte[] root(long size, MerkleNode.Source nodes) {
        if (size < 0) {
            throw new IllegalArgumentException("a tree size is never negative, got " + size);
        }
        return size == 0 ? emptyRoot() : subtreeHash(0, size, nodes);
    }

    /**
     * MTH(D[from:to]) for a subtree of the RFC 9162 recursion: {@code from} is a multiple of the largest power of two
     * not smaller than {@code to - from}. A perfect subtree is one node; otherwise its left part is the largest perfect
     * subtree that fits and its right part recurses, so at most log2(to - from) + 1 nodes are asked for.
     */
    public static byte[] subtreeHash(long from, long to, MerkleNode.Source nodes) {
        long n = to - from;
        if (n <= 0) {
            throw new IllegalArgumentException("an empty range [" + from + ", " + to + ") has no subtree hash");
        }
        if (Long.bitCount(n) == 1) {
            int level = Long.numberOfTrailingZeros(n);
            return nodes.hash(new MerkleNode(level, from >> level));
        }
        long k = Long.highestOneBit(n);
        return nodeHash(subtreeHash(from, from + k, nodes), subtreeHash(from + k, to, nodes));
    }

    private static byte[] nodeFromLeaves(byte[][] leaves, MerkleNode node) {
        if (node.level() == 0) {
            return leaves[Math.toIntExact(node.index())];
        }
        return nodeHash(nodeFromLeaves(leaves, node.left()), nodeFromLeaves(leaves, node.right()));
    }
}
