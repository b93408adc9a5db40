package health.datasafe.integrity;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Witness cosignatures (c2sp.org/tlog-cosignature, cosignature/v1) and the consistency a witness checks first. */
class CosignatureTest {

    private static final String WITNESS = "witness.example/w1";
    private final LedgerFormatExample example = new LedgerFormatExample();
    private final Ed25519.SigningKey witness = Ed25519.SigningKey.generate();
    private final String note = example.checkpointNote;

    @Test
    void aCosignatureLineHoldsTheKeyHashTheTimeAndASignatureOverHeaderTimeAndText() {
        String line = Cosignature.line(note, WITNESS, witness, 1_764_000_000L);
        byte[] body = Base64.getDecoder().decode(line.substring(line.lastIndexOf(' ') + 1).strip());

        assertThat(line).startsWith("\u2014 " + WITNESS + " ").endsWith("\n");
        assertThat(body).hasSize(76);
        assertThat(java.util.Arrays.copyOf(body, 4)).isEqualTo(Cosignature.keyHash(WITNESS, witness.verifyingKey()));
        assertThat(ByteBuffer.wrap(body, 4, 8).getLong()).isEqualTo(1_764_000_000L);
        String text = SignedNote.parse(note).text();
        assertThat(new String(Cosignature.message(text, 1_764_000_000L), StandardCharsets.UTF_8))
                .isEqualTo("cosignature/v1\ntime 1764000000\n" + text);
        assertThat(witness.verifyingKey().verify(Cosignature.message(text, 1_764_000_000L),
                java.util.Arrays.copyOfRange(body, 12, 76))).isTrue();
        assertThat(Cosignature.keyHash(WITNESS, witness.verifyingKey()))
                .isNotEqualTo(SignedNote.keyHash(WITNESS, witness.verifyingKey()));
    }

    @Test
    void aCosignedNoteStillVerifiesForTheLedgerAndCountsItsWitnesses() {
        var other = Ed25519.SigningKey.generate();
        String cosigned = Cosignature.add(Cosignature.add(note, Cosignature.line(note, WITNESS, witness, 5)),
                Cosignature.line(note, "witness.example/w2", other, 6));

        assertThat(Checkpoint.verify(cosigned, example.ledgerNode.verifyingKey()).origin())
                .isEqualTo(LedgerFormatExample.ORIGIN);
        assertThat(Cosignature.verify(cosigned, WITNESS, witness.verifyingKey())).isEqualTo(5);
        assertThat(Cosignature.count(cosigned, Map.of(WITNESS, witness.verifyingKey(), "witness.example/w2",
                other.verifyingKey(), "witness.example/w3", Ed25519.SigningKey.generate().verifyingKey()))).isEqualTo(2);
        assertThat(Cosignature.add(cosigned, Cosignature.line(note, WITNESS, witness, 5))).isEqualTo(cosigned);
    }

    @Test
    void aCosignatureOfAnotherTextOrByAnotherKeyDoesNotVerify() {
        String other = new Checkpoint(LedgerFormatExample.ORIGIN, List.of(new Checkpoint.ShardLog(0, 9,
                Sha256.hex()))).sign(example.ledgerNode);
        String moved = Cosignature.add(note, Cosignature.line(other, WITNESS, witness, 5));

        assertThatThrownBy(() -> Cosignature.verify(moved, WITNESS, witness.verifyingKey()))
                .isInstanceOf(CheckpointInvalid.CheckpointSignatureInvalid.class).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> Cosignature.verify(note, WITNESS, witness.verifyingKey()))
                .isInstanceOf(CheckpointInvalid.CheckpointSignatureInvalid.class).hasMessageContaining("holds no");
    }

    @Test
    void aLaterCheckpointFollowsAnEarlierOneOnlyWithAProofForEveryShardThatGrew() {
        var leaves = new java.util.ArrayList<byte[]>();
        for (int i = 0; i < 7; i++) {
            leaves.add(MerkleTree.leafHash(Sha256.hash(("tx " + i).getBytes(StandardCharsets.UTF_8))));
        }
        var log = new LogSlice(LogFrontier.empty(), leaves);
        Checkpoint at3 = checkpoint(3, Hex.of(MerkleTree.root(3, log)));
        Checkpoint at7 = checkpoint(7, Hex.of(MerkleTree.root(7, log)));
        List<byte[]> proof = MerkleProofs.consistency(3, 7, log);

        at7.verifyConsistentWith(at3, Map.of(0, proof));
        at3.verifyConsistentWith(at3, Map.of());
        assertThatThrownBy(() -> at3.verifyConsistentWith(at7, Map.of()))
                .isInstanceOf(CheckpointsInconsistent.class).hasMessageContaining("shrank");
        Checkpoint forked = checkpoint(7, Sha256.hex("another log".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> forked.verifyConsistentWith(at3, Map.of(0, proof)))
                .isInstanceOf(CheckpointsInconsistent.class);
        assertThatThrownBy(() -> forked.verifyConsistentWith(at7, Map.of()))
                .isInstanceOf(CheckpointsInconsistent.class).hasMessageContaining("another root at the same size");
        assertThatThrownBy(() -> at7.verifyConsistentWith(at3, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no consistency proof for shard 0");
    }

    private static Checkpoint checkpoint(long size, String root) {
        return new Checkpoint(LedgerFormatExample.ORIGIN, List.of(new Checkpoint.ShardLog(0, size, root),
                new Checkpoint.ShardLog(1, 0, Sha256.hex())));
    }
}
