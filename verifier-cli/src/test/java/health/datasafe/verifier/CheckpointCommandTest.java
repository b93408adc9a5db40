package health.datasafe.verifier;

import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.MerkleTree;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** checkpoint: a signed note checked against a pinned key, and the ways a note or a key can be wrong. */
class CheckpointCommandTest {

    @TempDir
    Path dir;

    private final LedgerFixture fixture = new LedgerFixture(3, 2);
    private Path key;

    @BeforeEach
    void writeKey() throws IOException {
        key = fixture.writePublicKey(dir);
    }

    private Run checkpoint(String note, Path publicKey) throws IOException {
        Path file = Files.writeString(dir.resolve("checkpoint-" + System.nanoTime() + ".txt"), note);
        return Run.of("checkpoint", "--file", file.toString(), "--public-key", publicKey.toString());
    }

    @Test
    void aCheckpointSignedByThePinnedKeyPrintsItsOriginAndEveryShard() throws IOException {
        assertThat(checkpoint(fixture.signedCheckpoint(), key).valid().out()).isEqualTo("""
                valid: checkpoint of %s signed by 1 of the pinned keys
                shard 0: size 5, root %s
                shard 1: size 0, root %s
                """.formatted(LedgerFixture.ORIGIN, fixture.logRoot(5), Hex.of(MerkleTree.emptyRoot())));
    }

    @Test
    void theNoteCanComeFromStandardInputAndTheKeyAsBareBase64() throws IOException {
        Path bare = Files.writeString(dir.resolve("ledger.pub"), fixture.ledgerKey.verifyingKey().toX509() + "\n");
        Run run = Run.inProcess(fixture.signedCheckpoint().getBytes(StandardCharsets.UTF_8),
                "checkpoint", "--file", "-", "--public-key", bare.toString()).valid();
        assertThat(run.out()).startsWith("valid: checkpoint of " + LedgerFixture.ORIGIN + " signed by 1 of the pinned keys\n");
    }

    @Test
    void anyOfSeveralPinnedKeysMaySign() throws IOException {
        Path other = Files.writeString(dir.resolve("other.pem"), LedgerFixture.pem(Ed25519.SigningKey.generate().verifyingKey()));
        Path file = Files.writeString(dir.resolve("note.txt"), fixture.signedCheckpoint());
        Run.of("checkpoint", "--file", file.toString(), "--public-key", other.toString(), "--public-key", key.toString()).valid();
    }

    @Test
    void aCheckpointVerifiedWithAnotherKeyIsInvalid() throws IOException {
        Path other = Files.writeString(dir.resolve("other.pem"), LedgerFixture.pem(Ed25519.SigningKey.generate().verifyingKey()));
        assertThat(checkpoint(fixture.signedCheckpoint(), other).invalid().stderr())
                .contains("checkpoint signature", "no signature line is by this key");
    }

    @Test
    void anEditedCheckpointIsInvalid() throws IOException {
        String note = fixture.signedCheckpoint();
        String edited = note.replace("0 5 ", "0 4 ");
        assertThat(edited).isNotEqualTo(note);
        assertThat(checkpoint(edited, key).invalid().stderr()).contains("does not verify");
    }

    @Test
    void aReorderedCheckpointFailsItsSignature() throws IOException {
        String[] lines = fixture.signedCheckpoint().split("\n", -1);
        String swapped = lines[1];
        lines[1] = lines[2];
        lines[2] = swapped;
        checkpoint(String.join("\n", lines), key).invalid();
    }

    @Test
    void aTruncatedOrMalformedNoteIsUnusable() throws IOException {
        String note = fixture.signedCheckpoint();
        String text = note.substring(0, note.indexOf("\n\n") + 1);
        assertThat(checkpoint(text, key).unusable().stderr()).contains("malformed checkpoint");
        checkpoint(note.substring(0, note.length() - 1), key).unusable();
        checkpoint(note.substring(0, note.length() - 20) + "\n", key).unusable();
        checkpoint("", key).unusable();
        checkpoint("not a note\n", key).unusable();
    }

    @Test
    void aSignedNoteWhoseTextIsNotACheckpointFailsItsSignatureFirst() throws IOException {
        String note = fixture.signedCheckpoint();
        String signatureLine = note.substring(note.indexOf("\n\n") + 2);
        checkpoint(LedgerFixture.ORIGIN + "\n0 5 nothex\n\n" + signatureLine, key).invalid();
        String wellSignedNonsense = health.datasafe.integrity.SignedNote.sign(LedgerFixture.ORIGIN + "\n0 5 nothex\n",
                LedgerFixture.ORIGIN, fixture.ledgerKey);
        assertThat(checkpoint(wellSignedNonsense, key).unusable().stderr()).contains("line 2");
    }

    @Test
    void anUnreadableKeyIsUnusable() throws IOException {
        Path note = Files.writeString(dir.resolve("note.txt"), fixture.signedCheckpoint());
        String missing = dir.resolve("missing.pem").toString();
        assertThat(Run.of("checkpoint", "--file", note.toString(), "--public-key", missing).unusable().stderr()).contains(missing);
        Path privateKey = Files.writeString(dir.resolve("private.pem"),
                "-----BEGIN PRIVATE KEY-----\n" + fixture.ledgerKey.toPkcs8() + "\n-----END PRIVATE KEY-----\n");
        assertThat(Run.of("checkpoint", "--file", note.toString(), "--public-key", privateKey.toString()).unusable().stderr())
                .contains("PRIVATE KEY, not a PUBLIC KEY");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        Run.of("checkpoint", "--file", note.toString(), "--public-key", garbage.toString()).unusable();
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        Run.of("checkpoint", "--file", note.toString(), "--public-key", empty.toString()).unusable();
        Run.of("checkpoint", "--file", note.toString()).unusable();
        Run.of("checkpoint", "--public-key", key.toString()).unusable();
    }
}
