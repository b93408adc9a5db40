package health.datasafe.integrity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 9162 written out as the RFC states it, independently of {@link MerkleProofs}, for the tests to compare against:
 * MTH, PATH and PROOF over a list of leaf hashes (section 2.1.1, 2.1.3.1, 2.1.4.1), and the verification algorithms of
 * sections 2.1.3.2 and 2.1.4.2 step by step (the {@code fn}/{@code sn} loops). Slow and simple on purpose.
 */
final class Rfc9162Reference {

    private Rfc9162Reference() {
    }

    /** MTH(D[n]) of leaf hashes (not entries). */
    static byte[] mth(List<byte[]> leaves) {
        int n = leaves.size();
        if (n == 0) {
            return MerkleTree.emptyRoot();
        }
        if (n == 1) {
            return leaves.getFirst();
        }
        int k = Integer.highestOneBit(n - 1);
        return MerkleTree.nodeHash(mth(leaves.subList(0, k)), mth(leaves.subList(k, n)));
    }

    /** PATH(m, D[n]). */
    static List<byte[]> path(int m, List<byte[]> leaves) {
        int n = leaves.size();
        var path = new ArrayList<byte[]>();
        if (n == 1) {
            return path;
        }
        int k = Integer.highestOneBit(n - 1);
        if (m < k) {
            path.addAll(path(m, leaves.subList(0, k)));
            path.add(mth(leaves.subList(k, n)));
        } else {
            path.addAll(path(m - k, leaves.subList(k, n)));
            path.add(mth(leaves.subList(0, k)));
        }
        return path;
    }

    /** PROOF(m, D[n]) for 0 < m <= n; empty when m == n. */
    static List<byte[]> proof(int m, List<byte[]> leaves) {
        return subproof(m, leaves, true);
    }

    private static List<byte[]> subproof(int m, List<byte[]> leaves, boolean b) {
        int n = leaves.size();
        var proof = new ArrayList<byte[]>();
        if (m == n) {
            if (!b) {
                proof.add(mth(leaves));
            }
            return proof;
        }
        int k = Integer.highestOneBit(n - 1);
        if (m <= k) {
            proof.addAll(subproof(m, leaves.subList(0, k), b));
            proof.add(mth(leaves.subList(k, n)));
        } else {
            proof.addAll(subproof(m - k, leaves.subList(k, n), false));
            proof.add(mth(leaves.subList(0, k)));
        }
        return proof;
    }

    /** RFC 9162 section 2.1.3.2, literally; sizes are unsigned in the RFC, so a negative value here is refused. */
    static boolean verifyInclusion(byte[] hash, long leafIndex, long treeSize, List<byte[]> inclusionPath, byte[] rootHash) {
        if (leafIndex < 0 || treeSize < 0 || leafIndex >= treeSize) {
            return false;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = hash;
        for (byte[] p : inclusionPath) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleTree.nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                r = MerkleTree.nodeHash(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 && Arrays.equals(r, rootHash);
    }

    /**
     * RFC 9162 section 2.1.4.2, literally, for {@code 0 < first < second}; the cases the RFC leaves out are as
     * transparency-dev/merkle's {@code proof.VerifyConsistency} has them: equal sizes need an empty proof and equal
     * roots, an empty first tree an empty proof.
     */
    static boolean verifyConsistency(long first, long second, List<byte[]> consistencyPath, byte[] firstHash, byte[] secondHash) {
        if (first < 0 || second < first) {
            return false;
        }
        if (first == second) {
            return consistencyPath.isEmpty() && Arrays.equals(firstHash, secondHash);
        }
        if (first == 0) {
            return consistencyPath.isEmpty();
        }
        if (consistencyPath.isEmpty()) {
            return false;
        }
        var path = new ArrayList<>(consistencyPath);
        if (Long.bitCount(first) == 1) {
            path.addFirst(firstHash);
        }
        long fn = first - 1;
        long sn = second - 1;
        if ((fn & 1) == 1) {
            while ((fn & 1) == 1) {
                fn >>>= 1;
                sn >>>= 1;
            }
        }
        byte[] fr = path.getFirst();
        byte[] sr = path.getFirst();
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleTree.nodeHash(c, fr);
                sr = MerkleTree.nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                sr = MerkleTree.nodeHash(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return Arrays.equals(fr, firstHash) && Arrays.equals(sr, secondHash) && sn == 0;
    }
}
