package health.datasafe.integrity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * RFC 9162 inclusion proofs (section 2.1.3) and consistency proofs (section 2.1.4): generated from the nodes of a log
 * exactly as the RFC's PATH and SUBPROOF recursions define them, and verified as transparency-dev/merkle's
 * {@code proof.VerifyInclusion} and {@code proof.VerifyConsistency} do (the RFC's algorithms with the proof length
 * checked up front). Proofs are lists of 32-byte hashes, leaf to root.
 */
public final class MerkleProofs {

    private static final byte[] ANY = new byte[Sha256.LENGTH];

    private MerkleProofs() {
    }

    /** PATH(index, D[size]): the audit path of leaf {@code index} in the tree of the first {@code size} leaves. */
    public static List<byte[]> inclusion(long index, long size, MerkleNode.Source nodes) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf index %d is not in a tree of size %d".formatted(index, size));
        }
        var path = new ArrayList<byte[]>();
        path(index, 0, size, nodes, path);
        return path;
    }

    /** The nodes an inclusion proof is made of, so that a store can fetch them all in one go. */
    public static Set<MerkleNode> inclusionNodes(long index, long size) {
        var wanted = new LinkedHashSet<MerkleNode>();
        inclusion(index, size, node -> {
            wanted.add(node);
            return ANY;
        });
        return wanted;
    }

    /**
     * PROOF(oldSize, D[newSize]): the consistency proof between the trees of the first {@code oldSize} and the first
     * {@code newSize} leaves; empty when {@code oldSize} is 0 or equals {@code newSize}.
     */
    public static List<byte[]> consistency(long oldSize, long newSize, MerkleNode.Source nodes) {
        if (oldSize < 0 || oldSize > newSize) {
            throw new IllegalArgumentException("no consistency proof from size %d to size %d".formatted(oldSize, newSize));
        }
        var proof = new ArrayList<byte[]>();
        if (oldSize > 0 && oldSize < newSize) {
            subproof(oldSize, 0, newSize, true, nodes, proof);
        }
        return proof;
    }

    /** The nodes a consistency proof is made of. */
    public static Set<MerkleNode> consistencyNodes(long oldSize, long newSize) {
        var wanted = new LinkedHashSet<MerkleNode>();
        consistency(oldSize, newSize, node -> {
            wanted.add(node);
            return ANY;
        });
        return wanted;
    }

    /** The nodes whose hashes give the root of the tree of the first {@code size} leaves. */
    public static Set<MerkleNode> rootNodes(long size) {
        var wanted = new LinkedHashSet<MerkleNode>();
        if (size > 0) {
            MerkleTree.subtreeHash(0, size, node -> {
                wanted.add(node);
                return ANY;
            });
        }
        return wanted;
    }

    /**
     * Checks that {@code proof} proves the leaf with hash {@code leafHash} is leaf {@code index} of the tree of
     * {@code size} leaves whose root is {@code root}.
     *
     * @throws ProofInvalid.InclusionProofInvalid naming the index, the size and what did not fit
     */
    public static void verifyInclusion(byte[] leafHash, long index, long size, List<byte[]> proof, byte[] root) {
        byte[] computed = rootFromInclusion(leafHash, index, size, proof);
        if (!Arrays.equals(computed, root)) {
            throw new ProofInvalid.InclusionProofInvalid(index, size, "the proof leads to root %s, not %s"
                    .formatted(Hex.of(computed), Hex.of(root)));
        }
    }

    /** The root an inclusion proof leads to; throws if index, size or proof length cannot fit together. */
    public static byte[] rootFromInclusion(byte[] leafHash, long index, long size, List<byte[]> proof) {
        if (index < 0 || size <= 0 || index >= size) {
            throw new ProofInvalid.InclusionProofInvalid(index, size,
                    "leaf index %d is not in a tree of size %d".formatted(index, size));
        }
        requireHash(leafHash, () -> new ProofInvalid.InclusionProofInvalid(index, size, "the leaf hash is not 32 bytes"));
        int inner = innerProofSize(index, size);
        int border = Long.bitCount(index >>> inner);
        if (proof.size() != inner + border) {
            throw new ProofInvalid.InclusionProofInvalid(index, size,
                    "the proof has %d hashes, a tree of size %d needs %d for leaf %d"
                            .formatted(proof.size(), size, inner + border, index));
        }
        for (byte[] hash : proof) {
            requireHash(hash, () -> new ProofInvalid.InclusionProofInvalid(index, size, "a proof hash is not 32 bytes"));
        }
        byte[] result = chainInner(leafHash, proof.subList(0, inner), index);
        return chainBorderRight(result, proof.subList(inner, proof.size()));
    }

    /**
     * Checks that {@code proof} proves the tree of {@code oldSize} leaves with root {@code oldRoot} is a prefix of the
     * tree of {@code newSize} leaves with root {@code newRoot}.
     *
     * @throws ProofInvalid.ConsistencyProofInvalid naming both sizes and what did not fit
     */
    public static void verifyConsistency(long oldSize, long newSize, List<byte[]> proof, byte[] oldRoot, byte[] newRoot) {
        requireHash(oldRoot, () -> new ProofInvalid.ConsistencyProofInvalid(oldSize, newSize, "the old root is not 32 bytes"));
        requireHash(newRoot, () -> new ProofInvalid.ConsistencyProofInvalid(oldSize, newSize, "the new root is not 32 bytes"));
        for (byte[] hash : proof) {
            requireHash(hash, () -> new ProofInvalid.ConsistencyProofInvalid(oldSize, newSize, "a proof hash is not 32 bytes"));
        }
        if (oldSize < 0 || newSize < oldSize) {
            throw new ProofInvalid.ConsistencyProofInvalid(oldSize, newSize, "the new size is smaller than the old size");
        }
        if (oldSize == newSize) {
            if (!proof.isEmpty()) {
                throw new ProofInvalid.ConsistencyProofInvalid(oldSize, newSize,
                        "equal sizes need an empty proof, got %d hashes".formatted(proof.size()));
            }
            if (!Arrays.equals(oldRoot, newRoot)) {
                throw new ProofInvalid.ConsistencyProofInvalid(oldSize, newSize,
                        "equal sizes but different roots %s and %s".formatted(Hex.of(oldRoot), Hex.of(newRoot)));
            }
            return;
        }
        if (oldSize == 0) {
            if (!proof.isEmpty()) {
                throw new ProofInvalid.ConsistencyProofInvalid(oldSize, newSize,
                        "an empty old tree needs an empty proof, got %d hashes".formatted(proof.size()));
            }
            return;
        }
        if (proof.isEmpty()) {
            throw new ProofInvalid.ConsistencyProofInvalid(oldSize, newSize, "the proof is empty");
        }
        int inner = innerProofSize(oldSize - 1, newSize);
        int border = Long.bitCount((oldSize - 1) >>> inner);
        int shift = Long.numberOfTrailingZeros(oldSize);
        inner -= shift;
        byte[] seed;
        int start;
        if (oldSize == 1L << shift) {
            seed = oldRoot;
            start = 0;
        } else {
            seed = proof.get(0);
            start = 1;
        }
        if (proof.size() != start + inner + border) {
            throw new ProofInvalid.ConsistencyProofInvalid(oldSize, newSize,
                    "the proof has %d hashes, sizes %d and %d need %d"
                            .formatted(proof.size(), oldSize, newSize, start + inner + border));
        }
        List<byte[]> rest = proof.subList(start, proof.size());
        long mask = (oldSize - 1) >>> shift;
        byte[] hash1 = chainBorderRight(chainInnerRight(seed, rest.subList(0, inner), mask), rest.subList(inner, rest.size()));
        if (!Arrays.equals(hash1, oldRoot)) {
            throw new ProofInvalid.ConsistencyProofInvalid(oldSize, newSize, "the proof leads to old root %s, not %s"
                    .formatted(Hex.of(hash1), Hex.of(oldRoot)));
        }
        byte[] hash2 = chainBorderRight(chainInner(seed, rest.subList(0, inner), mask), rest.subList(inner, rest.size()));
        if (!Arrays.equals(hash2, newRoot)) {
            throw new ProofInvalid.ConsistencyProofInvalid(oldSize, newSize, "the proof leads to new root %s, not %s"
                    .formatted(Hex.of(hash2), Hex.of(newRoot)));
        }
    }

    private static void path(long m, long from, long to, MerkleNode.Source nodes, List<byte[]> out) {
        long n = to - from;
        if (n == 1) {
            return;
        }
        long k = Long.highestOneBit(n - 1);
        if (m < k) {
            path(m, from, from + k, nodes, out);
            out.add(MerkleTree.subtreeHash(from + k, to, nodes));
        } else {
            path(m - k, from + k, to, nodes, out);
            out.add(MerkleTree.subtreeHash(from, from + k, nodes));
        }
    }

    private static void subproof(long m, long from, long to, boolean complete, MerkleNode.Source nodes, List<byte[]> out) {
        long n = to - from;
        if (m == n) {
            if (!complete) {
                out.add(MerkleTree.subtreeHash(from, to, nodes));
            }
            return;
        }
        long k = Long.highestOneBit(n - 1);
        if (m <= k) {
            subproof(m, from, from + k, complete, nodes, out);
            out.add(MerkleTree.subtreeHash(from + k, to, nodes));
        } else {
            subproof(m - k, from + k, to, false, nodes, out);
            out.add(MerkleTree.subtreeHash(from, from + k, nodes));
        }
    }

    /** The number of proof hashes below the level where the paths to {@code index} and to the last leaf meet. */
    private static int innerProofSize(long index, long size) {
        return 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
    }

    private static byte[] chainInner(byte[] seed, List<byte[]> proof, long index) {
        for (int i = 0; i < proof.size(); i++) {
            seed = ((index >>> i) & 1) == 0 ? MerkleTree.nodeHash(seed, proof.get(i)) : MerkleTree.nodeHash(proof.get(i), seed);
        }
        return seed;
    }

    private static byte[] chainInnerRight(byte[] seed, List<byte[]> proof, long index) {
        for (int i = 0; i < proof.size(); i++) {
            if (((index >>> i) & 1) == 1) {
                seed = MerkleTree.nodeHash(proof.get(i), seed);
            }
        }
        return seed;
    }

    private static byte[] chainBorderRight(byte[] seed, List<byte[]> proof) {
        for (byte[] hash : proof) {
            seed = MerkleTree.nodeHash(hash, seed);
        }
        return seed;
    }

    private static void requireHash(byte[] hash, java.util.function.Supplier<ProofInvalid> failure) {
        if (hash == null || hash.length != Sha256.LENGTH) {
            throw failure.get();
        }
    }
}
