package health.datasafe.integrity;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Properties of RFC 9162 proofs over a log of {@value #LOG_SIZE} leaves stored the way the ledger stores it (every node
 * {@link LogFrontier#append} hands out): for every size up to {@value #EXHAUSTIVE} and for random sizes up to
 * {@value #LOG_SIZE}, every inclusion and consistency proof verifies and is the RFC's PATH / PROOF; flipping any one bit
 * of a proof hash, of the leaf hash or of a root, using another leaf index, or adding or dropping a hash makes
 * verification fail. Random choices come from one seed, {@code -Dintegrity.seed=N} to replay, named in every failure.
 */
class MerkleProofsPropertyTest {

    static final int LOG_SIZE = 2000;
    static final int EXHAUSTIVE = 64;
    static final long SEED = Long.getLong("integrity.seed", 20260314L);

    private static final List<byte[]> LEAVES = new ArrayList<>();
    private static final Map<MerkleNode, byte[]> STORED = new HashMap<>();

    static {
        var log = LogFrontier.empty();
        for (int i = 0; i < LOG_SIZE; i++) {
            byte[] leaf = MerkleTree.leafHash(Sha256.hash(ByteBuffer.allocate(4).putInt(i).array()));
            LEAVES.add(leaf);
            log.append(leaf).forEach(node -> STORED.put(node.node(), node.hash()));
        }
    }

    private final Random random = new Random(SEED);

    private static byte[] stored(MerkleNode node) {
        byte[] hash = STORED.get(node);
        if (hash == null) {
            throw new AssertionError("a proof asked for node " + node + ", which the log never stored");
        }
        return hash;
    }

    private static byte[] root(int size) {
        return MerkleTree.root(size, MerkleProofsPropertyTest::stored);
    }

    private static String seed() {
        return " (seed " + SEED + ", -Dintegrity.seed=" + SEED + " to replay)";
    }

    @Test
    void everyProofOfEverySmallSizeVerifiesAndIsTheRfcPath() {
        for (int size = 1; size <= EXHAUSTIVE; size++) {
            byte[] root = root(size);
            assertThat(root).isEqualTo(Rfc9162Reference.mth(LEAVES.subList(0, size)));
            assertThat(LogFrontier.of(size, MerkleProofsPropertyTest::stored).root()).isEqualTo(root);
            for (int index = 0; index < size; index++) {
                List<byte[]> proof = MerkleProofs.inclusion(index, size, MerkleProofsPropertyTest::stored);
                assertThat(proof).as("PATH(%d, D[%d])", index, size)
                        .containsExactlyElementsOf(Rfc9162Reference.path(index, LEAVES.subList(0, size)));
                MerkleProofs.verifyInclusion(LEAVES.get(index), index, size, proof, root);
                assertThat(Rfc9162Reference.verifyInclusion(LEAVES.get(index), index, size, proof, root)).isTrue();
            }
            for (int old = 0; old <= size; old++) {
                List<byte[]> proof = MerkleProofs.consistency(old, size, MerkleProofsPropertyTest::stored);
                if (old > 0) {
                    assertThat(proof).as("PROOF(%d, D[%d])", old, size)
                            .containsExactlyElementsOf(Rfc9162Reference.proof(old, LEAVES.subList(0, size)));
                }
                MerkleProofs.verifyConsistency(old, size, proof, root(old), root);
                assertThat(Rfc9162Reference.verifyConsistency(old, size, proof, root(old), root)).isTrue();
            }
        }
    }

    @Test
    void everyProofOfRandomSizesUpToTwoThousandVerifiesAndIsTheRfcPath() {
        for (int round = 0; round < 150; round++) {
            int size = 1 + random.nextInt(LOG_SIZE);
            int index = random.nextInt(size);
            int old = 1 + random.nextInt(size);
            String what = "size %d, index %d, old size %d%s".formatted(size, index, old, seed());
            byte[] root = root(size);

            List<byte[]> inclusion = MerkleProofs.inclusion(index, size, MerkleProofsPropertyTest::stored);
            assertThat(inclusion).as(what).containsExactlyElementsOf(Rfc9162Reference.path(index, LEAVES.subList(0, size)));
            MerkleProofs.verifyInclusion(LEAVES.get(index), index, size, inclusion, root);
            assertThat(MerkleProofs.inclusionNodes(index, size)).as(what).allSatisfy(node -> assertThat(STORED).containsKey(node));

            List<byte[]> consistency = MerkleProofs.consistency(old, size, MerkleProofsPropertyTest::stored);
            assertThat(consistency).as(what).containsExactlyElementsOf(Rfc9162Reference.proof(old, LEAVES.subList(0, size)));
            MerkleProofs.verifyConsistency(old, size, consistency, root(old), root);
            assertThat(MerkleProofs.consistencyNodes(old, size)).as(what).allSatisfy(node -> assertThat(STORED).containsKey(node));
            assertThat(MerkleProofs.rootNodes(size)).as(what).allSatisfy(node -> assertThat(STORED).containsKey(node));
        }
    }

    @Test
    void aSingleFlippedBitAnywhereInAnInclusionProofItsLeafOrItsRootIsRefused() {
        for (int round = 0; round < 400; round++) {
            int size = round < 200 ? 1 + random.nextInt(EXHAUSTIVE) : 1 + random.nextInt(LOG_SIZE);
            int index = random.nextInt(size);
            List<byte[]> proof = MerkleProofs.inclusion(index, size, MerkleProofsPropertyTest::stored);
            byte[] leaf = LEAVES.get(index);
            byte[] root = root(size);
            String what = "leaf %d of %d%s".formatted(index, size, seed());

            for (int i = 0; i < proof.size(); i++) {
                int bit = random.nextInt(256);
                refusesInclusion(what + ", proof[" + i + "] bit " + bit, leaf, index, size, flip(proof, i, bit), root);
            }
            int bit = random.nextInt(256);
            refusesInclusion(what + ", leaf bit " + bit, flip(leaf, bit), index, size, proof, root);
            refusesInclusion(what + ", root bit " + bit, leaf, index, size, proof, flip(root, bit));
        }
    }

    @Test
    void everySingleBitOfOneLargeInclusionProofMatters() {
        int size = 1337;
        int index = 500;
        List<byte[]> proof = MerkleProofs.inclusion(index, size, MerkleProofsPropertyTest::stored);
        byte[] leaf = LEAVES.get(index);
        byte[] root = root(size);
        MerkleProofs.verifyInclusion(leaf, index, size, proof, root);
        for (int bit = 0; bit < 256; bit++) {
            for (int i = 0; i < proof.size(); i++) {
                refusesInclusion("proof[" + i + "] bit " + bit, leaf, index, size, flip(proof, i, bit), root);
            }
            refusesInclusion("leaf bit " + bit, flip(leaf, bit), index, size, proof, root);
            refusesInclusion("root bit " + bit, leaf, index, size, proof, flip(root, bit));
        }
    }

    @Test
    void anInclusionProofOfOneLeafProvesNoOtherIndex() {
        for (int size = 1; size <= EXHAUSTIVE; size++) {
            byte[] root = root(size);
            for (int index = 0; index < size; index++) {
                List<byte[]> proof = MerkleProofs.inclusion(index, size, MerkleProofsPropertyTest::stored);
                for (int other = -1; other <= size; other++) {
                    if (other != index) {
                        refusesInclusion("leaf %d's proof at index %d of %d".formatted(index, other, size),
                                LEAVES.get(index), other, size, proof, root);
                    }
                }
            }
        }
        for (int round = 0; round < 100; round++) {
            int size = 1 + random.nextInt(LOG_SIZE);
            int index = random.nextInt(size);
            int other = random.nextInt(size);
            if (other != index) {
                refusesInclusion("leaf %d's proof at index %d of %d%s".formatted(index, other, size, seed()), LEAVES.get(index),
                        other, size, MerkleProofs.inclusion(index, size, MerkleProofsPropertyTest::stored), root(size));
            }
        }
    }

    @Test
    void anInclusionProofOfTheWrongLengthIsRefused() {
        for (int round = 0; round < 300; round++) {
            int size = 1 + random.nextInt(round < 150 ? EXHAUSTIVE : LOG_SIZE);
            int index = random.nextInt(size);
            List<byte[]> proof = MerkleProofs.inclusion(index, size, MerkleProofsPropertyTest::stored);
            byte[] root = root(size);
            String what = "leaf %d of %d%s".formatted(index, size, seed());
            byte[] extra = random.nextBoolean() ? LEAVES.get(random.nextInt(LOG_SIZE)) : root;
            for (int at = 0; at <= proof.size(); at++) {
                refusesInclusion(what + ", a hash added at " + at, LEAVES.get(index), index, size,
                        MerkleProofsKnownAnswerTest.with(proof, at, extra), root);
                if (at < proof.size()) {
                    refusesInclusion(what + ", hash " + at + " duplicated", LEAVES.get(index), index, size,
                            MerkleProofsKnownAnswerTest.with(proof, at, proof.get(at)), root);
                    var dropped = new ArrayList<>(proof);
                    dropped.remove(at);
                    refusesInclusion(what + ", hash " + at + " dropped", LEAVES.get(index), index, size, dropped, root);
                }
            }
        }
    }

    @Test
    void aSingleFlippedBitAnywhereInAConsistencyProofOrEitherRootIsRefused() {
        for (int round = 0; round < 400; round++) {
            int size = 2 + random.nextInt(round < 200 ? EXHAUSTIVE - 1 : LOG_SIZE - 1);
            int old = 1 + random.nextInt(size - 1);
            List<byte[]> proof = MerkleProofs.consistency(old, size, MerkleProofsPropertyTest::stored);
            byte[] oldRoot = root(old);
            byte[] newRoot = root(size);
            String what = "%d to %d%s".formatted(old, size, seed());

            for (int i = 0; i < proof.size(); i++) {
                int bit = random.nextInt(256);
                refusesConsistency(what + ", proof[" + i + "] bit " + bit, old, size, flip(proof, i, bit), oldRoot, newRoot);
            }
            int bit = random.nextInt(256);
            refusesConsistency(what + ", old root bit " + bit, old, size, proof, flip(oldRoot, bit), newRoot);
            refusesConsistency(what + ", new root bit " + bit, old, size, proof, oldRoot, flip(newRoot, bit));
            refusesConsistency(what + ", roots swapped", old, size, proof, newRoot, oldRoot);
            refusesConsistency(what + ", last hash dropped", old, size, proof.subList(0, proof.size() - 1), oldRoot, newRoot);
            refusesConsistency(what + ", a hash added", old, size,
                    MerkleProofsKnownAnswerTest.with(proof, random.nextInt(proof.size() + 1), oldRoot), oldRoot, newRoot);
        }
    }

    @Test
    void everySingleBitOfOneLargeConsistencyProofMatters() {
        int old = 777;
        int size = 1999;
        List<byte[]> proof = MerkleProofs.consistency(old, size, MerkleProofsPropertyTest::stored);
        byte[] oldRoot = root(old);
        byte[] newRoot = root(size);
        MerkleProofs.verifyConsistency(old, size, proof, oldRoot, newRoot);
        for (int bit = 0; bit < 256; bit++) {
            for (int i = 0; i < proof.size(); i++) {
                refusesConsistency("proof[" + i + "] bit " + bit, old, size, flip(proof, i, bit), oldRoot, newRoot);
            }
            refusesConsistency("old root bit " + bit, old, size, proof, flip(oldRoot, bit), newRoot);
            refusesConsistency("new root bit " + bit, old, size, proof, oldRoot, flip(newRoot, bit));
        }
    }

    @Test
    void aSliceGivesTheRootAndProofsOfTheWholeLog() {
        for (int round = 0; round < 60; round++) {
            int first = random.nextInt(LOG_SIZE);
            int size = first + 1 + random.nextInt(Math.min(LOG_SIZE - first, 64));
            String what = "slice [%d, %d)%s".formatted(first, size, seed());
            var slice = new LogSlice(LogFrontier.of(first, MerkleProofsPropertyTest::stored), LEAVES.subList(first, size));

            assertThat(slice.firstLeaf()).isEqualTo(first);
            assertThat(slice.size()).isEqualTo(size);
            assertThat(slice.root()).as(what).isEqualTo(root(size));
            for (int index = first; index < size; index++) {
                assertThat(slice.inclusionProof(index)).as(what + ", leaf " + index)
                        .containsExactlyElementsOf(MerkleProofs.inclusion(index, size, MerkleProofsPropertyTest::stored));
            }
            int outside = first == 0 ? size : first - 1;
            assertThatThrownBy(() -> slice.inclusionProof(outside)).as(what).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aFrontierOfGivenHashesAppendsToTheSameLogAsTheStoredOne() {
        for (int round = 0; round < 40; round++) {
            int first = random.nextInt(LOG_SIZE);
            var fromStore = LogFrontier.of(first, MerkleProofsPropertyTest::stored);
            var fromHashes = LogFrontier.of(first, fromStore.hashes());
            assertThat(fromHashes.nodes().stream().map(LogFrontier.HashedNode::node).toList()).isEqualTo(LogFrontier.nodesOf(first));
            int end = Math.min(LOG_SIZE, first + random.nextInt(100));
            for (int i = first; i < end; i++) {
                var completed = fromHashes.append(LEAVES.get(i));
                completed.forEach(node -> assertThat(node.hash()).isEqualTo(stored(node.node())));
            }
            assertThat(fromHashes.size()).isEqualTo(end);
            assertThat(fromHashes.root()).as("frontier of %d appended to %d%s", first, end, seed()).isEqualTo(root(end));
        }
    }

    private static void refusesInclusion(String what, byte[] leaf, long index, long size, List<byte[]> proof, byte[] root) {
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(leaf, index, size, proof, root)).as(what)
                .isInstanceOf(ProofInvalid.InclusionProofInvalid.class);
        assertThat(Rfc9162Reference.verifyInclusion(leaf, index, size, proof, root)).as("the RFC algorithm: " + what).isFalse();
    }

    private static void refusesConsistency(String what, long old, long size, List<byte[]> proof, byte[] oldRoot, byte[] newRoot) {
        assertThatThrownBy(() -> MerkleProofs.verifyConsistency(old, size, proof, oldRoot, newRoot)).as(what)
                .isInstanceOf(ProofInvalid.ConsistencyProofInvalid.class);
        assertThat(Rfc9162Reference.verifyConsistency(old, size, proof, oldRoot, newRoot)).as("the RFC algorithm: " + what).isFalse();
    }

    static byte[] flip(byte[] hash, int bit) {
        byte[] copy = hash.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    static List<byte[]> flip(List<byte[]> proof, int at, int bit) {
        var copy = new ArrayList<>(proof);
        copy.set(at, flip(copy.get(at), bit));
        return copy;
    }
}
