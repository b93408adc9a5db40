package health.datasafe.integrity;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of an append-only Merkle log of {@code size} leaves: the perfect subtrees that cover leaves
 * {@code [0, size)}, largest first, one per bit set in {@code size} (a "compact range"). That is all a log needs to
 * append leaves and know its root; every perfect node an append completes is handed out, so a store can keep all nodes
 * and answer any proof with O(log n) reads.
 */
public final class LogFrontier {

    /** A perfect node and its hash. */
    public record HashedNode(MerkleNode node, byte[] hash) {
    }

    private final ArrayList<HashedNode> nodes;
    private long size;

    private LogFrontier(long size, List<HashedNode> nodes) {
        this.size = size;
        this.nodes = new ArrayList<>(nodes);
    }

    public static LogFrontier empty() {
        return new LogFrontier(0, List.of());
    }

    /** The frontier of the first {@code size} leaves of a log, from its stored nodes (those of {@link #nodesOf}). */
    public static LogFrontier of(long size, MerkleNode.Source stored) {
        var hashed = new ArrayList<HashedNode>();
        for (MerkleNode node : nodesOf(size)) {
            byte[] hash = stored.hash(node);
            if (hash == null || hash.length != Sha256.LENGTH) {
                throw new IllegalArgumentException("no 32-byte hash for node " + node + " of a log of size " + size);
            }
            hashed.add(new HashedNode(node, hash));
        }
        return new LogFrontier(size, hashed);
    }

    /** The frontier from given hashes, largest node first, as a bundle or receipt carries it. */
    public static LogFrontier of(long size, List<byte[]> hashes) {
        List<MerkleNode> wanted = nodesOf(size);
        if (hashes.size() != wanted.size()) {
            throw new IllegalArgumentException("a log of size %d has a frontier of %d hashes, got %d"
                    .formatted(size, wanted.size(), hashes.size()));
        }
        var hashed = new ArrayList<HashedNode>();
        for (int i = 0; i < wanted.size(); i++) {
            if (hashes.get(i) == null || hashes.get(i).length != Sha256.LENGTH) {
                throw new IllegalArgumentException("frontier hash " + i + " is not 32 bytes");
            }
            hashed.add(new HashedNode(wanted.get(i), hashes.get(i)));
        }
        return new LogFrontier(size, hashed);
    }

    /** The perfect nodes covering leaves {@code [0, size)}, largest first. */
    public static List<MerkleNode> nodesOf(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("a log size is never negative, got " + size);
        }
        var nodes = new ArrayList<MerkleNode>();
        long start = 0;
        for (int level = 62; level >= 0; level--) {
            if ((size & (1L << level)) != 0) {
                nodes.add(new MerkleNode(level, start >> level));
                start += 1L << level;
            }
        }
        return nodes;
    }

    /**
     * Appends a leaf (its leaf hash, {@link MerkleTree#leafHash}) and returns the perfect nodes this completes: the
     * leaf itself and each parent it fills, lowest first.
     */
    public List<HashedNode> append(byte[] leafHash) {
        if (leafHash == null || leafHash.length != Sha256.LENGTH) {
            throw new IllegalArgumentException("a leaf hash is 32 bytes");
        }
        var completed = new ArrayList<HashedNode>(2);
        var current = new HashedNode(new MerkleNode(0, size), leafHash);
        completed.add(current);
        while (!nodes.isEmpty() && nodes.getLast().node().level() == current.node().level()) {
            HashedNode left = nodes.removeLast();
            current = new HashedNode(left.node().parent(), MerkleTree.nodeHash(left.hash(), current.hash()));
            completed.add(current);
        }
        nodes.add(current);
        size++;
        return completed;
    }

    public long size() {
        return size;
    }

    /** MTH of the log's leaves so far. */
    public byte[] root() {
        if (nodes.isEmpty()) {
            return MerkleTree.emptyRoot();
        }
        byte[] root = nodes.getLast().hash();
        for (int i = nodes.size() - 2; i >= 0; i--) {
            root = MerkleTree.nodeHash(nodes.get(i).hash(), root);
        }
        return root;
    }

    /** The frontier's nodes, largest first. */
    public List<HashedNode> nodes() {
        return List.copyOf(nodes);
    }

    public List<byte[]> hashes() {
        return nodes.stream().map(HashedNode::hash).toList();
    }

    public LogFrontier copy() {
        return new LogFrontier(size, nodes);
    }
}
