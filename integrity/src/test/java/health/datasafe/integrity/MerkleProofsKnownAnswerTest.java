package health.datasafe.integrity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * RFC 9162 proofs against the RFC 6962 reference vectors as transparency-dev/merkle publishes them: the tables
 * {@code inclusionProofs}, {@code consistencyProofs} and {@code roots} of proof/verify_test.go (commit
 * 02194e9afb6c1d95b5381350007963aa70fff472) over the 8 leaves of testonly/constants.go ({@link MerkleTreeTest#LEAF_INPUTS}),
 * whose perfect-subtree hashes are {@code NodeHashes()} of the same file. Each vector must be exactly what
 * {@link MerkleProofs} generates from the nodes {@link LogFrontier#append} stores, must verify, and every corruption of
 * verify_test.go's {@code corruptInclusionProof} / {@code corruptConsistencyProof} must be refused.
 */
class MerkleProofsKnownAnswerTest {

    /** testonly/constants.go NodeHashes(): by level, then index. */
    private static final List<List<String>> NODE_HASHES = List.of(
            List.of("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
                    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
                    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"),
            List.of("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            List.of("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
            List.of("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"));

    /** verify_test.go sha256SomeHash and sha256EmptyTreeHash. */
    private static final byte[] SOME_HASH = Hex.parse("abacaba000000000000000000000000000000000000000000060061e00123456");
    private static final byte[] EMPTY_TREE_HASH = Hex.parse("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    /** verify_test.go inclusionProofs: {leaf (1-based), size, proof}; {0, 0, nil} is left out there too ("invalid path"). */
    static Stream<Arguments> inclusionProofs() {
        return Stream.of(
                arguments(1, 1, List.of()),
                arguments(1, 8, List.of(
                        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
                arguments(6, 8, List.of(
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
                arguments(3, 3, List.of(
                        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
                arguments(2, 5, List.of(
                        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));
    }

    /** verify_test.go consistencyProofs: {size1, size2, proof}. */
    static Stream<Arguments> consistencyProofs() {
        return Stream.of(
                arguments(1, 1, List.of()),
                arguments(1, 8, List.of(
                        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
                arguments(6, 8, List.of(
                        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
                arguments(2, 5, List.of(
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
                arguments(6, 7, List.of(
                        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));
    }

    /** The log of the 8 reference leaves, every node as {@link LogFrontier#append} hands it out. */
    private static final Map<MerkleNode, byte[]> STORED = new HashMap<>();

    static {
        var log = LogFrontier.empty();
        for (byte[] input : MerkleTreeTest.LEAF_INPUTS) {
            log.append(MerkleTree.leafHash(input)).forEach(node -> STORED.put(node.node(), node.hash()));
        }
    }

    private static byte[] stored(MerkleNode node) {
        byte[] hash = STORED.get(node);
        assertThat(hash).as("node %s is stored", node).isNotNull();
        return hash;
    }

    private static byte[] root(long size) {
        return Hex.parse(MerkleTreeTest.ROOT_HASHES.get((int) size));
    }

    private static byte[] leafHash(int index) {
        return MerkleTree.leafHash(MerkleTreeTest.LEAF_INPUTS.get(index));
    }

    private static List<byte[]> hashes(List<String> hex) {
        return hex.stream().map(Hex::parse).toList();
    }

    @Test
    void theStoredNodesAreThePublishedNodeHashes() {
        assertThat(STORED).hasSize(8 + 4 + 2 + 1);
        for (int level = 0; level < NODE_HASHES.size(); level++) {
            for (int index = 0; index < NODE_HASHES.get(level).size(); index++) {
                assertThat(Hex.of(stored(new MerkleNode(level, index)))).as("level %d index %d", level, index)
                        .isEqualTo(NODE_HASHES.get(level).get(index));
            }
        }
    }

    @Test
    void theFrontierOfEverySizeIsThePublishedCompactTree() {
        // testonly/constants.go CompactTrees(): the perfect subtrees of each size, largest first, as NodeHashes() indices
        int[][][] compact = {{}, {{0, 0}}, {{1, 0}}, {{1, 0}, {0, 2}}, {{2, 0}}, {{2, 0}, {0, 4}}, {{2, 0}, {1, 2}},
                {{2, 0}, {1, 2}, {0, 6}}, {{3, 0}}};
        var log = LogFrontier.empty();
        for (int size = 0; size <= 8; size++) {
            var expected = Stream.of(compact[size]).map(at -> NODE_HASHES.get(at[0]).get(at[1])).toList();
            assertThat(log.hashes().stream().map(Hex::of).toList()).as("size %d", size).isEqualTo(expected);
            assertThat(LogFrontier.of(size, MerkleProofsKnownAnswerTest::stored).hashes().stream().map(Hex::of).toList())
                    .isEqualTo(expected);
            assertThat(Hex.of(log.root())).isEqualTo(MerkleTreeTest.ROOT_HASHES.get(size));
            if (size < 8) {
                log.append(leafHash(size));
            }
        }
    }

    @ParameterizedTest(name = "leaf {0} of {1}")
    @MethodSource("inclusionProofs")
    void thePublishedInclusionProofIsExactlyTheOneGeneratedAndVerifies(int leaf, int size, List<String> expected) {
        long index = leaf - 1;
        List<byte[]> proof = MerkleProofs.inclusion(index, size, MerkleProofsKnownAnswerTest::stored);

        assertThat(proof.stream().map(Hex::of).toList()).isEqualTo(expected);
        assertThat(Hex.of(MerkleProofs.rootFromInclusion(leafHash(leaf - 1), index, size, hashes(expected))))
                .isEqualTo(MerkleTreeTest.ROOT_HASHES.get(size));
        MerkleProofs.verifyInclusion(leafHash(leaf - 1), index, size, hashes(expected), root(size));
        assertThat(Rfc9162Reference.verifyInclusion(leafHash(leaf - 1), index, size, hashes(expected), root(size))).isTrue();
    }

    @ParameterizedTest(name = "leaf {0} of {1}")
    @MethodSource("inclusionProofs")
    void everySliceHoldingTheLeafAnswersThePublishedProofAmongAllItsProofs(int leaf, int size, List<String> expected) {
        long index = leaf - 1;
        for (int first = 0; first <= index; first++) {
            var leaves = new ArrayList<byte[]>();
            for (int i = first; i < size; i++) {
                leaves.add(leafHash(i));
            }
            var slice = new LogSlice(LogFrontier.of(first, MerkleProofsKnownAnswerTest::stored), leaves);
            List<List<byte[]>> proofs = slice.inclusionProofs();
            assertThat(proofs.get(Math.toIntExact(index - first)).stream().map(Hex::of).toList())
                    .as("slice from leaf %d", first).isEqualTo(expected);
            assertThat(Hex.of(slice.root())).isEqualTo(MerkleTreeTest.ROOT_HASHES.get(size));
        }
    }

    @ParameterizedTest(name = "leaf {0} of {1}")
    @MethodSource("inclusionProofs")
    void everyCorruptionOfAPublishedInclusionProofIsRefused(int leaf, int size, List<String> expected) {
        long index = leaf - 1;
        byte[] leafHash = leafHash(leaf - 1);
        byte[] root = root(size);
        List<byte[]> proof = hashes(expected);
        record Probe(String what, long index, long size, byte[] root, byte[] leaf, List<byte[]> proof) {
        }
        // corruptInclusionProof of verify_test.go, in its order; Go's uint64 index - 1 of leaf 0 wraps, ours is -1
        var probes = new ArrayList<>(List.of(
                new Probe("leafIndex - 1", index - 1, size, root, leafHash, proof),
                new Probe("leafIndex + 1", index + 1, size, root, leafHash, proof),
                new Probe("leafIndex ^ 2", index ^ 2, size, root, leafHash, proof),
                new Probe("treeSize * 2", index, size * 2L, root, leafHash, proof),
                new Probe("treeSize / 2", index, size / 2, root, leafHash, proof),
                new Probe("wrong leaf", index, size, root, "WrongLeaf".getBytes(StandardCharsets.US_ASCII), proof),
                new Probe("wrong 32-byte leaf", index, size, root, leafHash((leaf) % 8), proof),
                new Probe("empty root", index, size, EMPTY_TREE_HASH, leafHash, proof),
                new Probe("random root", index, size, SOME_HASH, leafHash, proof),
                new Probe("trailing garbage", index, size, root, leafHash, with(proof, proof.size(), new byte[0])),
                new Probe("trailing root", index, size, root, leafHash, with(proof, proof.size(), root)),
                new Probe("preceding garbage", index, size, root, leafHash, with(proof, 0, new byte[0])),
                new Probe("preceding root", index, size, root, leafHash, with(proof, 0, root))));
        for (int i = 0; i < proof.size(); i++) {
            probes.add(new Probe("modified proof[" + i + "] bit 3", index, size, root, leafHash, flipped(proof, i, 0, 8)));
        }
        if (!proof.isEmpty()) {
            probes.add(new Probe("removed component", index, size, root, leafHash, proof.subList(0, proof.size() - 1)));
        }
        if (proof.size() > 1) {
            probes.add(new Probe("inserted component", index, size, root, leafHash, with(proof, 1, SOME_HASH)));
        }

        for (Probe p : probes) {
            var failure = catchThrowableOfType(ProofInvalid.InclusionProofInvalid.class,
                    () -> MerkleProofs.verifyInclusion(p.leaf(), p.index(), p.size(), p.proof(), p.root()));
            assertThat(failure).as(p.what()).isNotNull();
            assertThat(failure.index()).as(p.what()).isEqualTo(p.index());
            assertThat(failure.size()).as(p.what()).isEqualTo(p.size());
        }
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("consistencyProofs")
    void thePublishedConsistencyProofIsExactlyTheOneGeneratedAndVerifies(int size1, int size2, List<String> expected) {
        List<byte[]> proof = MerkleProofs.consistency(size1, size2, MerkleProofsKnownAnswerTest::stored);

        assertThat(proof.stream().map(Hex::of).toList()).isEqualTo(expected);
        MerkleProofs.verifyConsistency(size1, size2, hashes(expected), root(size1), root(size2));
        assertThat(Rfc9162Reference.verifyConsistency(size1, size2, hashes(expected), root(size1), root(size2))).isTrue();
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("consistencyProofs")
    void everyCorruptionOfAPublishedConsistencyProofIsRefused(int size1, int size2, List<String> expected) {
        List<byte[]> proof = hashes(expected);
        if (proof.isEmpty()) {
            return; // verify_test.go corrupts only non-trivial proofs
        }
        byte[] root1 = root(size1);
        byte[] root2 = root(size2);
        byte[] wrongRoot = "WrongRoot".getBytes(StandardCharsets.US_ASCII);
        record Probe(String what, long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
        }
        var probes = new ArrayList<>(List.of(
                new Probe("size1 - 1", size1 - 1, size2, root1, root2, proof),
                new Probe("size1 + 1", size1 + 1, size2, root1, root2, proof),
                new Probe("size1 ^ 2", size1 ^ 2, size2, root1, root2, proof),
                new Probe("size2 * 2", size1, size2 * 2L, root1, root2, proof),
                new Probe("size2 / 2", size1, size2 / 2, root1, root2, proof),
                new Probe("wrong root1", size1, size2, wrongRoot, root2, proof),
                new Probe("wrong root2", size1, size2, root1, wrongRoot, proof),
                new Probe("wrong 32-byte root1", size1, size2, SOME_HASH, root2, proof),
                new Probe("wrong 32-byte root2", size1, size2, root1, SOME_HASH, proof),
                new Probe("swapped roots", size1, size2, root2, root1, proof),
                new Probe("empty proof", size1, size2, root1, root2, List.of()),
                new Probe("trailing garbage", size1, size2, root1, root2, with(proof, proof.size(), new byte[0])),
                new Probe("trailing root1", size1, size2, root1, root2, with(proof, proof.size(), root1)),
                new Probe("trailing root2", size1, size2, root1, root2, with(proof, proof.size(), root2)),
                new Probe("preceding garbage", size1, size2, root1, root2, with(proof, 0, new byte[0])),
                new Probe("preceding root1", size1, size2, root1, root2, with(proof, 0, root1)),
                new Probe("preceding root2", size1, size2, root1, root2, with(proof, 0, root2)),
                new Probe("preceding proof[0]", size1, size2, root1, root2, with(proof, 0, proof.getFirst())),
                new Probe("truncated proof", size1, size2, root1, root2, proof.subList(0, proof.size() - 1))));
        for (int i = 0; i < proof.size(); i++) {
            probes.add(new Probe("modified proof[" + i + "] bit 4", size1, size2, root1, root2, flipped(proof, i, 0, 16)));
        }

        for (Probe p : probes) {
            var failure = catchThrowableOfType(ProofInvalid.ConsistencyProofInvalid.class,
                    () -> MerkleProofs.verifyConsistency(p.size1(), p.size2(), p.proof(), p.root1(), p.root2()));
            assertThat(failure).as(p.what()).isNotNull();
            assertThat(failure.oldSize()).as(p.what()).isEqualTo(p.size1());
            assertThat(failure.newSize()).as(p.what()).isEqualTo(p.size2());
        }
    }

    @Test
    void everyProofOverTheReferenceLeavesIsTheRfcPathAndProof() {
        List<byte[]> leaves = MerkleTreeTest.LEAF_INPUTS.stream().map(MerkleTree::leafHash).toList();
        for (int size = 1; size <= 8; size++) {
            for (int index = 0; index < size; index++) {
                assertThat(MerkleProofs.inclusion(index, size, MerkleProofsKnownAnswerTest::stored))
                        .as("PATH(%d, D[%d])", index, size).containsExactlyElementsOf(Rfc9162Reference.path(index, leaves.subList(0, size)));
            }
            for (int old = 1; old <= size; old++) {
                assertThat(MerkleProofs.consistency(old, size, MerkleProofsKnownAnswerTest::stored))
                        .as("PROOF(%d, D[%d])", old, size).containsExactlyElementsOf(Rfc9162Reference.proof(old, leaves.subList(0, size)));
            }
        }
    }

    /** verify_test.go TestVerifyInclusionSingleEntry: the root of a 1-entry tree is its leaf hash, the proof is empty. */
    @Test
    void aSingleEntryTreeNeedsAnEmptyProofAndThirtyTwoByteHashes() {
        byte[] hash = MerkleTree.leafHash("data".getBytes(StandardCharsets.US_ASCII));
        byte[] empty = new byte[0];

        MerkleProofs.verifyInclusion(hash, 0, 1, List.of(), hash);
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(empty, 0, 1, List.of(), hash)).isInstanceOf(ProofInvalid.InclusionProofInvalid.class);
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(hash, 0, 1, List.of(), empty)).isInstanceOf(ProofInvalid.InclusionProofInvalid.class);
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(empty, 0, 1, List.of(), empty)).isInstanceOf(ProofInvalid.InclusionProofInvalid.class);
    }

    /** verify_test.go TestVerifyInclusion: index/size pairs that no proof can fit. */
    @Test
    void anIndexOutsideTheTreeIsRefusedWhateverTheHashes() {
        long[][] probes = {{0, 0}, {0, 1}, {1, 0}, {2, 1}};
        for (long[] p : probes) {
            String what = "index %d size %d".formatted(p[0], p[1]);
            assertThatThrownBy(() -> MerkleProofs.verifyInclusion(SOME_HASH, p[0], p[1], List.of(), new byte[0])).as(what)
                    .isInstanceOf(ProofInvalid.InclusionProofInvalid.class);
            assertThatThrownBy(() -> MerkleProofs.verifyInclusion(new byte[0], p[0], p[1], List.of(), EMPTY_TREE_HASH)).as(what)
                    .isInstanceOf(ProofInvalid.InclusionProofInvalid.class);
            assertThatThrownBy(() -> MerkleProofs.verifyInclusion(SOME_HASH, p[0], p[1], List.of(), EMPTY_TREE_HASH)).as(what)
                    .isInstanceOf(ProofInvalid.InclusionProofInvalid.class);
        }
    }

    /**
     * verify_test.go TestVerifyConsistency's table. Go's "don't care" roots are 12 bytes; every root here must be 32 bytes
     * (a shorter one is refused, {@link #aRootOrProofHashThatIsNotThirtyTwoBytesIsRefused}), so they are 32-byte stand-ins.
     */
    @Test
    void theTrivialConsistencyCasesAreDecidedAsTheReferenceDecidesThem() {
        byte[] root1 = Sha256.hash("don't care 1".getBytes(StandardCharsets.US_ASCII));
        byte[] root2 = Sha256.hash("don't care 2".getBytes(StandardCharsets.US_ASCII));
        List<byte[]> proof1 = List.of();
        List<byte[]> proof2 = List.of(EMPTY_TREE_HASH);
        record Case(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof, boolean valid) {
        }
        var cases = List.of(
                new Case(0, 0, root1, root2, proof1, false),
                new Case(1, 1, root1, root2, proof1, false),
                new Case(0, 0, root1, root1, proof1, true),
                new Case(0, 1, root1, root2, proof1, true),
                new Case(1, 1, root2, root2, proof1, true),
                new Case(1, 0, root1, root2, proof1, false),
                new Case(2, 1, root1, root2, proof1, false),
                new Case(1, 2, root1, root2, proof1, false),
                new Case(0, 0, EMPTY_TREE_HASH, root2, proof1, false),
                new Case(1, 1, EMPTY_TREE_HASH, root2, proof1, false),
                new Case(0, 0, EMPTY_TREE_HASH, EMPTY_TREE_HASH, proof2, false),
                new Case(0, 1, EMPTY_TREE_HASH, EMPTY_TREE_HASH, proof2, false),
                new Case(1, 1, EMPTY_TREE_HASH, EMPTY_TREE_HASH, proof2, false));
        for (Case c : cases) {
            String what = "%d to %d, valid %s".formatted(c.size1(), c.size2(), c.valid());
            if (c.valid()) {
                MerkleProofs.verifyConsistency(c.size1(), c.size2(), c.proof(), c.root1(), c.root2());
            } else {
                assertThatThrownBy(() -> MerkleProofs.verifyConsistency(c.size1(), c.size2(), c.proof(), c.root1(), c.root2()))
                        .as(what).isInstanceOf(ProofInvalid.ConsistencyProofInvalid.class);
            }
            assertThat(Rfc9162Reference.verifyConsistency(c.size1(), c.size2(), c.proof(), c.root1(), c.root2())).as(what)
                    .isEqualTo(c.valid());
        }
    }

    @Test
    void aRootOrProofHashThatIsNotThirtyTwoBytesIsRefused() {
        List<byte[]> proof = hashes(List.of("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"));
        byte[] shortRoot = new byte[31];
        assertThatThrownBy(() -> MerkleProofs.verifyConsistency(0, 0, List.of(), shortRoot, shortRoot))
                .isInstanceOf(ProofInvalid.ConsistencyProofInvalid.class).hasMessageContaining("not 32 bytes");
        assertThatThrownBy(() -> MerkleProofs.verifyConsistency(6, 8, proof, root(6), new byte[33]))
                .isInstanceOf(ProofInvalid.ConsistencyProofInvalid.class).hasMessageContaining("not 32 bytes");
        assertThatThrownBy(() -> MerkleProofs.verifyConsistency(6, 8, with(proof, 3, new byte[32 + 1]), root(6), root(8)))
                .isInstanceOf(ProofInvalid.ConsistencyProofInvalid.class);
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(leafHash(5), 5, 8, with(proof, 0, null).subList(0, 3), root(8)))
                .isInstanceOf(ProofInvalid.InclusionProofInvalid.class).hasMessageContaining("not 32 bytes");
    }

    /** A copy of the proof with {@code hash} inserted at {@code at}. */
    static List<byte[]> with(List<byte[]> proof, int at, byte[] hash) {
        var copy = new ArrayList<>(proof);
        copy.add(at, hash);
        return copy;
    }

    /** A copy of the proof whose hash {@code at} has byte {@code offset} XORed with {@code mask}; the others are shared. */
    static List<byte[]> flipped(List<byte[]> proof, int at, int offset, int mask) {
        var copy = new ArrayList<>(proof);
        byte[] hash = copy.get(at).clone();
        hash[offset] ^= (byte) mask;
        copy.set(at, hash);
        return copy;
    }
}
