package health.datasafe.verifier;

import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Cosignature;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.MerkleProofs;
import health.datasafe.integrity.MerkleTree;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * witness: cosigns a checkpoint that extends the last one it cosigned, refuses one that does not and keeps the
 * evidence; checkpoint --witness-key then counts the cosignatures.
 */
class WitnessCommandTest {

    private static final String NAME = "witness.hospital.example/w1";

    @TempDir
    Path dir;

    /** Shard 0 of 10 transactions in four blocks. */
    private final LedgerFixture fixture = new LedgerFixture(3, 2, 4, 1);
    private final Ed25519.SigningKey witness = Ed25519.SigningKey.generate();
    private Path ledgerKey;
    private Path witnessKey;
    private Path witnessPublicKey;
    private Path state;

    @BeforeEach
    void keys() throws IOException {
        ledgerKey = fixture.writePublicKey(dir);
        witnessKey = Files.writeString(dir.resolve("witness.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(Base64.getDecoder().decode(witness.toPkcs8()))
                + "\n-----END PRIVATE KEY-----\n");
        witnessPublicKey = Files.writeString(dir.resolve("witness.pub.pem"), LedgerFixture.pem(witness.verifyingKey()));
        state = dir.resolve("state");
    }

    @Test
    void aWitnessCosignsEachCheckpointThatExtendsTheLastOneAndTheCosignatureVerifies() throws IOException {
        String at5 = checkpointAt(5);
        String first = cosign(at5, null).valid().out();
        assertThat(first).startsWith("\u2014 " + NAME + " ").endsWith("\n");

        String at10 = checkpointAt(10);
        String second = cosign(at10, proofs(5, 10)).valid().out();

        String cosigned = Cosignature.add(at10, second);
        assertThat(Cosignature.verify(cosigned, NAME, witness.verifyingKey())).isPositive();
        assertThat(Files.readString(state.resolve("latest.note"))).isEqualTo(cosigned);
        Path note = Files.writeString(dir.resolve("cosigned.note"), cosigned);
        assertThat(Run.of("checkpoint", "--file", note.toString(), "--public-key", ledgerKey.toString(),
                "--witness-key", NAME + "=" + witnessPublicKey, "--min-witnesses", "1").valid().out())
                .contains("witnesses: 1 of 1 cosigned (" + NAME + ")");
        Path uncosigned = Files.writeString(dir.resolve("plain.note"), at10);
        Run.of("checkpoint", "--file", uncosigned.toString(), "--public-key", ledgerKey.toString(),
                "--witness-key", NAME + "=" + witnessPublicKey).invalid();
    }

    @Test
    void aCheckpointThatDoesNotExtendTheLastOneCosignedIsRefusedAndTheEvidenceKept() throws IOException {
        cosign(checkpointAt(5), null).valid();
        String rewritten = new Checkpoint(LedgerFixture.ORIGIN, List.of(
                new Checkpoint.ShardLog(0, 10, Hex.of(MerkleTree.leafHash(new byte[32]))),
                new Checkpoint.ShardLog(1, 0, Hex.of(MerkleTree.emptyRoot())))).sign(fixture.ledgerKey);

        Run refused = cosign(rewritten, proofs(5, 10)).invalid();

        assertThat(refused.stderr()).contains("shard 0 from size 5 to 10", "evidence kept in " + state.resolve("evidence"));
        try (Stream<Path> evidence = Files.list(state.resolve("evidence"))) {
            Path kept = evidence.findFirst().orElseThrow();
            assertThat(Files.readString(kept)).contains("refused: shard 0", checkpointAt(5).split("\n\n")[0],
                    rewritten.split("\n\n")[0]);
        }
        assertThat(Files.readString(state.resolve("latest.note"))).startsWith(checkpointAt(5).split("\n\n")[0]);
        cosign(checkpointAt(3), null).invalid();
    }

    @Test
    void aCheckpointTheLedgerDidNotSignOrAGrownLogWithoutAProofIsNotCosigned() throws IOException {
        String forged = fixture.checkpoint().sign(Ed25519.SigningKey.generate());
        cosign(forged, null).invalid();
        assertThat(Files.exists(state.resolve("latest.note"))).isFalse();

        cosign(checkpointAt(5), null).valid();
        assertThat(cosign(checkpointAt(10), null).unusable().stderr()).contains("no consistency proof for shard 0");
    }

    private Run cosign(String checkpoint, String proofs) throws IOException {
        Path note = Files.writeString(dir.resolve("checkpoint-" + System.nanoTime() + ".note"), checkpoint);
        var args = new java.util.ArrayList<>(List.of("witness", note.toString(), "--state", state.toString(), "--key",
                witnessKey.toString(), "--name", NAME, "--public-key", ledgerKey.toString()));
        if (proofs != null) {
            args.add("--proofs");
            args.add(Files.writeString(dir.resolve("proofs-" + System.nanoTime() + ".json"), proofs).toString());
        }
        return Run.of(args.toArray(String[]::new));
    }

    /** The ledger's checkpoint when shard 0 held its first {@code size} transactions. */
    private String checkpointAt(int size) {
        return new Checkpoint(LedgerFixture.ORIGIN, List.of(new Checkpoint.ShardLog(0, size, fixture.logRoot(size)),
                new Checkpoint.ShardLog(1, 0, Hex.of(MerkleTree.emptyRoot())))).sign(fixture.ledgerKey);
    }

    /** What GET /api/ledger/proofs/consistency answers for shard 0. */
    private String proofs(int from, int to) {
        var proof = MerkleProofs.consistency(from, to, fixture.log()).stream().map(h -> "\"" + Hex.of(h) + "\"").toList();
        return "[{\"shard\":0,\"from\":%d,\"to\":%d,\"proof\":[%s],\"fromRoot\":\"%s\",\"toRoot\":\"%s\"}]"
                .formatted(from, to, String.join(",", proof), fixture.logRoot(from), fixture.logRoot(to));
    }
}
