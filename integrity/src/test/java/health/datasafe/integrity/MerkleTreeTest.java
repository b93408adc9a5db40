package health.datasafe.integrity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** RFC 9162 section 2.1.1 Merkle tree hash, against published vectors and a naive reference implementation. */
class MerkleTreeTest {

    /**
     * The RFC 6962 test inputs: transparency-dev/merkle testonly/constants.go, LeafInputs(). Leaves here are
     * arbitrary byte strings; in the ledger they are always 32-byte tx hashes.
     */
    static final List<byte[]> LEAF_INPUTS = Stream.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f").map(Hex::parse).toList();

    /** The same file, NodeHashes()[0]: the leaf hashes of the inputs above. */
    private static final List<String> LEAF_HASHES = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1");

    /** The same file, RootHashes(): the root of the tree of the first n inputs, n = 0..8. */
    static final List<String> ROOT_HASHES = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    static Stream<org.junit.jupiter.params.provider.Arguments> publishedRoots() {
        return IntStream.rangeClosed(0, 8).mapToObj(n -> arguments(n, ROOT_HASHES.get(n)));
    }

    @ParameterizedTest(name = "size {0}")
    @MethodSource("publishedRoots")
    void rootOfTheFirstLeavesEqualsThePublishedRoot(int size, String expected) {
        assertThat(Hex.of(MerkleTree.root(LEAF_INPUTS.subList(0, size)))).isEqualTo(expected);
    }

    @Test
    void leafHashesEqualThePublishedLeafHashes() {
        assertThat(LEAF_INPUTS.stream().map(MerkleTree::leafHash).map(Hex::of).toList()).isEqualTo(LEAF_HASHES);
    }

    @Test
    void publishedInteriorNodesAreNodeHashesOfTheirChildren() {
        byte[] l0 = Hex.parse(LEAF_HASHES.get(0));
        byte[] l1 = Hex.parse(LEAF_HASHES.get(1));
        assertThat(Hex.of(MerkleTree.nodeHash(l0, l1))).isEqualTo("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
        byte[] n01 = MerkleTree.nodeHash(l0, l1);
        byte[] n23 = MerkleTree.nodeHash(Hex.parse(LEAF_HASHES.get(2)), Hex.parse(LEAF_HASHES.get(3)));
        assertThat(Hex.of(n23)).isEqualTo("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e");
        assertThat(Hex.of(MerkleTree.nodeHash(n01, n23))).isEqualTo("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    }

    @Test
    void emptyTreeHashesToTheSha256OfNothing() {
        assertThat(Hex.of(MerkleTree.root(List.of())))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
                .isEqualTo(Sha256.hex());
        assertThat(MerkleTree.rootHex(List.of())).isEqualTo(Sha256.hex());
    }

    @Test
    void singleLeafTreeIsTheLeafHashOfThatEntry() {
        byte[] txHash = Sha256.hash(new byte[]{42});
        byte[] prefixed = new byte[33];
        System.arraycopy(txHash, 0, prefixed, 1, 32);

        assertThat(MerkleTree.root(List.of(txHash))).isEqualTo(MerkleTree.leafHash(txHash)).isEqualTo(Sha256.hash(prefixed));
        assertThat(MerkleTree.rootHex(List.of(Hex.of(txHash)))).isEqualTo(Hex.of(Sha256.hash(prefixed)));
    }

    @Test
    void leafAndNodeHashesUseTheirDomainSeparationPrefix() {
        byte[] a = Sha256.hash("a".getBytes());
        byte[] b = Sha256.hash("b".getBytes());
        assertThat(MerkleTree.leafHash(a)).isEqualTo(Sha256.hash(new byte[]{0x00}, a));
        assertThat(MerkleTree.nodeHash(a, b)).isEqualTo(Sha256.hash(new byte[]{0x01}, a, b));
        assertThat(MerkleTree.nodeHash(a, b)).isNotEqualTo(MerkleTree.nodeHash(b, a));
    }

    @Test
    void everySizeUpTo300MatchesTheDefinitionAndABottomUpBuild() {
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            entries.add(Sha256.hash(ByteBuffer.allocate(4).putInt(i).array()));
        }
        for (int n = 1; n <= 300; n++) {
            List<byte[]> first = entries.subList(0, n);
            byte[] root = MerkleTree.root(first);
            assertThat(Hex.of(root)).as("size %d, RFC 9162 definition", n).isEqualTo(Hex.of(definition(first)));
            assertThat(Hex.of(root)).as("size %d, bottom-up", n).isEqualTo(Hex.of(bottomUp(first)));
            assertThat(MerkleTree.rootHex(first.stream().map(Hex::of).toList())).isEqualTo(Hex.of(root));
        }
    }

    @Test
    void aChangedOrReorderedOrMissingEntryChangesTheRoot() {
        List<byte[]> entries = IntStream.range(0, 5).mapToObj(i -> Sha256.hash(new byte[]{(byte) i})).toList();
        byte[] root = MerkleTree.root(entries);

        List<byte[]> swapped = new ArrayList<>(entries);
        swapped.set(3, entries.get(4));
        swapped.set(4, entries.get(3));
        List<byte[]> changed = new ArrayList<>(entries);
        changed.set(2, Sha256.hash(new byte[]{9}));

        assertThat(MerkleTree.root(swapped)).isNotEqualTo(root);
        assertThat(MerkleTree.root(changed)).isNotEqualTo(root);
        assertThat(MerkleTree.root(entries.subList(0, 4))).isNotEqualTo(root);
        // RFC 9162 does not duplicate an odd last leaf (as Bitcoin does), so appending a copy changes the root.
        List<byte[]> duplicatedLast = new ArrayList<>(entries);
        duplicatedLast.add(entries.get(4));
        assertThat(MerkleTree.root(duplicatedLast)).isNotEqualTo(root);
    }

    /**
     * RFC 9162 section 2.1.1, word for word: MTH({d(0)}) = SHA-256(0x00 || d(0)); for n > 1, with k the largest
     * power of two smaller than n, MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])).
     */
    private static byte[] definition(List<byte[]> d) {
        int n = d.size();
        if (n == 1) {
            return sha256(concat(new byte[]{0x00}, d.get(0)));
        }
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return sha256(concat(new byte[]{0x01}, definition(d.subList(0, k)), definition(d.subList(k, n))));
    }

    /** Level by level: hash pairs left to right; an odd node at the end of a level moves up unchanged. */
    private static byte[] bottomUp(List<byte[]> d) {
        List<byte[]> level = d.stream().map(e -> sha256(concat(new byte[]{0x00}, e))).toList();
        while (level.size() > 1) {
            List<byte[]> next = new ArrayList<>();
            for (int i = 0; i + 1 < level.size(); i += 2) {
                next.add(sha256(concat(new byte[]{0x01}, level.get(i), level.get(i + 1))));
            }
            if (level.size() % 2 == 1) {
                next.add(level.getLast());
            }
            level = next;
        }
        return level.getFirst();
    }

    private static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
