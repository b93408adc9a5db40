package health.datasafe.integrity;

import java.util.List;

/**
 * RFC 9162 section 2.1.1 Merkle tree hash: leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || left || right),
 * the empty tree hashes to SHA-256 of nothing. Entries here are 32-byte tx hashes.
 */
public final class MerkleTree {

    private static final byte[] LEAF_PREFIX = {0x00};
    private static final byte[] NODE_PREFIX = {0x01};

    private MerkleTree() {
    }

    public static byte[] leafHash(byte[] entry) {
        return Sha256.hash(LEAF_PREFIX, entry);
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        return Sha256.hash(NODE_PREFIX, left, right);
    }

    /** MTH(D[n]) of the given entries, in order. */
    public static byte[] root(List<byte[]> entries) {
        if (entries.isEmpty()) {
            return Sha256.hash();
        }
        return subtreeRoot(entries, 0, entries.size());
    }

    public static String rootHex(List<String> hexEntries) {
        return Hex.of(root(hexEntries.stream().map(Hex::parseHash).toList()));
    }

    private static byte[] subtreeRoot(List<byte[]> entries, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leafHash(entries.get(from));
        }
        int k = Integer.highestOneBit(n - 1); // largest power of two smaller than n
        return nodeHash(subtreeRoot(entries, from, from + k), subtreeRoot(entries, from + k, to));
    }
}
