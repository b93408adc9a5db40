package health.datasafe.integrity;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 9162 inclusion and consistency proofs: generated from stored nodes, verified, and refused when altered. */
class MerkleProofsTest {

    private static List<byte[]> entries(int n) {
        var entries = new ArrayList<byte[]>();
        for (int i = 0; i < n; i++) {
            entries.add(Sha256.hash(ByteBuffer.allocate(4).putInt(i).array()));
        }
        return entries;
    }

    /** A log built by appending, keeping every node it completes, as the ledger stores them. */
    private static java.util.Map<MerkleNode, byte[]> storedNodes(List<byte[]> entries) {
        var stored = new java.util.HashMap<MerkleNode, byte[]>();
        var log = LogFrontier.empty();
        for (byte[] entry : entries) {
            log.append(MerkleTree.leafHash(entry)).forEach(node -> stored.put(node.node(), node.hash()));
        }
        return stored;
    }

    @Test
    void everyInclusionAndConsistencyProofOfSmallLogsVerifies() {
        List<byte[]> entries = entries(70);
        var stored = storedNodes(entries);
        for (int size = 1; size <= entries.size(); size++) {
            byte[] root = MerkleTree.root(entries.subList(0, size));
            assertThat(MerkleTree.root(size, stored::get)).isEqualTo(root);
            assertThat(LogFrontier.of(size, stored::get).root()).isEqualTo(root);
            for (int index = 0; index < size; index++) {
                List<byte[]> proof = MerkleProofs.inclusion(index, size, stored::get);
                MerkleProofs.verifyInclusion(MerkleTree.leafHash(entries.get(index)), index, size, proof, root);
                assertThat(MerkleProofs.inclusionNodes(index, size)).allSatisfy(node -> assertThat(stored).containsKey(node));
            }
            for (int old = 0; old <= size; old++) {
                byte[] oldRoot = MerkleTree.root(entries.subList(0, old));
                MerkleProofs.verifyConsistency(old, size, MerkleProofs.consistency(old, size, stored::get), oldRoot, root);
            }
        }
    }

    @Test
    void aSliceGivesTheSameRootAndProofsAsTheWholeLog() {
        List<byte[]> entries = entries(45);
        var stored = storedNodes(entries);
        for (int first = 0; first < 45; first++) {
            for (int size = first + 1; size <= 45; size += 7) {
                var leaves = entries.subList(first, size).stream().map(MerkleTree::leafHash).toList();
                var slice = new LogSlice(LogFrontier.of(first, stored::get), leaves);
                assertThat(slice.root()).isEqualTo(MerkleTree.root(size, stored::get));
                for (int index = first; index < size; index++) {
                    assertThat(slice.inclusionProof(index)).containsExactlyElementsOf(MerkleProofs.inclusion(index, size, stored::get));
                }
            }
        }
    }

    @Test
    void allProofsOfASliceFromOneWalkEqualTheProofOfEachLeaf() {
        List<byte[]> entries = entries(70 + 70);
        var stored = storedNodes(entries);
        for (int first : new int[] {0, 1, 2, 3, 5, 7, 8, 13, 16, 31, 32, 33, 64, 70}) {
            for (int count = 1; count <= 70; count++) {
                int size = first + count;
                var leaves = entries.subList(first, size).stream().map(MerkleTree::leafHash).toList();
                var slice = new LogSlice(LogFrontier.of(first, stored::get), leaves);
                List<List<byte[]>> proofs = slice.inclusionProofs();
                assertThat(proofs).as("leaves [%d, %d)", first, size).hasSize(count);
                byte[] root = MerkleTree.root(size, stored::get);
                for (int i = 0; i < count; i++) {
                    long index = first + i;
                    assertThat(proofs.get(i)).as("leaf %d of %d", index, size)
                            .containsExactlyElementsOf(MerkleProofs.inclusion(index, size, stored::get));
                    MerkleProofs.verifyInclusion(leaves.get(i), index, size, proofs.get(i), root);
                }
                assertThat(slice.root()).isEqualTo(root);
            }
        }
    }

    @Test
    void aWrongIndexOrAlteredHashIsRefused() {
        List<byte[]> entries = entries(13);
        var stored = storedNodes(entries);
        byte[] root = MerkleTree.root(entries);
        List<byte[]> proof = MerkleProofs.inclusion(5, 13, stored::get);
        byte[] leaf = MerkleTree.leafHash(entries.get(5));
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(leaf, 4, 13, proof, root))
                .isInstanceOf(ProofInvalid.InclusionProofInvalid.class);
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(leaf, 13, 13, proof, root))
                .isInstanceOf(ProofInvalid.InclusionProofInvalid.class).hasMessageContaining("not in a tree of size 13");
        byte[] flipped = root.clone();
        flipped[31] ^= 1;
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(leaf, 5, 13, proof, flipped))
                .isInstanceOf(ProofInvalid.InclusionProofInvalid.class);
    }
}
