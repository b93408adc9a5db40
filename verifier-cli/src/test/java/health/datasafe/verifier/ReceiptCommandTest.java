package health.datasafe.verifier;

import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Genesis;
import health.datasafe.integrity.Receipt;
import health.datasafe.integrity.Sha256;
import health.datasafe.integrity.SignedNote;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** receipt: a transaction's inclusion proof up to a signed checkpoint, as JSON or as the DSH-Receipt header value. */
class ReceiptCommandTest {

    @TempDir
    Path dir;

    private final LedgerFixture fixture = new LedgerFixture(3, 2, 4);
    private Path key;

    @BeforeEach
    void writeKey() throws IOException {
        key = fixture.writePublicKey(dir);
    }

    private Run verify(byte[] content, Path publicKey) throws IOException {
        Path file = Files.write(dir.resolve("receipt-" + System.nanoTime()), content);
        return Run.of("receipt", file.toString(), "--public-key", publicKey.toString());
    }

    private Run verify(Receipt receipt) throws IOException {
        return verify(receipt.toJson(), key);
    }

    private static Receipt withProof(Receipt r, java.util.List<String> proof) {
        return new Receipt(r.txId(), r.txHash(), r.shard(), r.blockHeight(), r.blockHash(), r.leafIndex(), r.treeSize(),
                proof, r.checkpoint());
    }

    @Test
    void aReceiptAsJsonVerifiesForEveryTransaction() throws IOException {
        for (int leaf = 0; leaf < 9; leaf++) {
            Receipt receipt = fixture.receipt(leaf);
            assertThat(verify(receipt).valid().out()).isEqualTo((
                    "valid: tx hash %s (transaction %s) is leaf %d of shard 0's log of size 9, root %s, in the checkpoint of %s"
                            + " signed by 1 of the pinned keys (%s)\n").formatted(receipt.txHash(), receipt.txId(), leaf,
                            fixture.logRoot(9), LedgerFixture.ORIGIN, fixture.ledgerKey.verifyingKey().keyId()));
        }
    }

    @Test
    void aReceiptAsTheHeaderValueVerifiesWithOrWithoutTheHeaderName() throws IOException {
        Receipt receipt = fixture.receipt(4);
        verify((receipt.toHeader() + "\n").getBytes(StandardCharsets.US_ASCII), key).valid();
        verify(("DSH-Receipt: " + receipt.toHeader() + "\r\n").getBytes(StandardCharsets.US_ASCII), key).valid();
        Run.inProcess(receipt.toHeader().getBytes(StandardCharsets.US_ASCII), "receipt", "-", "--public-key", key.toString()).valid();
    }

    @Test
    void aReceiptNeedsAPinnedKey() throws IOException {
        Path file = Files.write(dir.resolve("receipt.json"), fixture.receipt(0).toJson());
        assertThat(Run.of("receipt", file.toString()).unusable().stderr())
                .contains("a receipt is only worth checking against a pinned key", "--public-key", "--genesis");
    }

    @Test
    void aReceiptWhoseCheckpointAQuorumOfGenesisNodesCosignedVerifiesAndOneSignatureIsTooFew() throws IOException {
        var node2 = Ed25519.SigningKey.generate();
        var node3 = Ed25519.SigningKey.generate();
        var genesis = Genesis.of(LedgerFixture.ORIGIN, java.util.List.of(
                new Genesis.Node("ledger-1", fixture.ledgerKey.verifyingKey().toX509()),
                new Genesis.Node("ledger-2", node2.verifyingKey().toX509()),
                new Genesis.Node("ledger-3", node3.verifyingKey().toX509())));
        Path genesisFile = Files.write(dir.resolve("genesis.json"), genesis.canonicalJson());
        Receipt single = fixture.receipt(4);
        String cosigned = SignedNote.merge(java.util.List.of(single.checkpoint(), fixture.checkpoint().sign(node3)));
        Receipt quorum = new Receipt(single.txId(), single.txHash(), single.shard(), single.blockHeight(),
                single.blockHash(), single.leafIndex(), single.treeSize(), single.inclusionProof(), cosigned);
        Path quorumFile = Files.write(dir.resolve("quorum.json"), quorum.toJson());
        Path singleFile = Files.write(dir.resolve("single.json"), single.toJson());

        assertThat(Run.of("receipt", quorumFile.toString(), "--genesis", genesisFile.toString(), "--min-signers", "2")
                .valid().out()).endsWith("signed by 2 of the pinned keys (%s, %s)\n".formatted(
                fixture.ledgerKey.verifyingKey().keyId(), node3.verifyingKey().keyId()));
        Run.of("receipt", quorumFile.toString(), "--genesis", genesisFile.toString()).valid();
        assertThat(Run.of("receipt", singleFile.toString(), "--genesis", genesisFile.toString()).invalid().stderr())
                .contains("signature of only 1 trusted key(s)", "2 required");
        assertThat(Run.of("receipt", quorumFile.toString(), "--public-key", key.toString(), "--min-signers", "2")
                .invalid().stderr()).contains("2 required");
        Run.of("receipt", quorumFile.toString(), "--genesis", genesisFile.toString(), "--min-signers", "0").unusable();
    }

    @Test
    void aReceiptCheckedAgainstAnotherKeyIsInvalid() throws IOException {
        Path other = Files.writeString(dir.resolve("other.pem"), LedgerFixture.pem(Ed25519.SigningKey.generate().verifyingKey()));
        assertThat(verify(fixture.receipt(0).toJson(), other).invalid().stderr()).contains("checkpoint signature");
    }

    @Test
    void aReceiptForAnotherTransactionOrWithAnAlteredProofIsInvalid() throws IOException {
        Receipt r = fixture.receipt(3);
        String otherHash = Sha256.hex("another transaction".getBytes(StandardCharsets.UTF_8));
        assertThat(verify(new Receipt(r.txId(), otherHash, r.shard(), r.blockHeight(), r.blockHash(), r.leafIndex(),
                r.treeSize(), r.inclusionProof(), r.checkpoint())).invalid().stderr())
                .contains("inclusion proof of leaf 3 in tree size 9 is invalid", fixture.logRoot(9));
        verify(new Receipt(r.txId(), r.txHash(), r.shard(), r.blockHeight(), r.blockHash(), 4, r.treeSize(),
                r.inclusionProof(), r.checkpoint())).invalid();
        var proof = new ArrayList<>(r.inclusionProof());
        proof.set(1, otherHash);
        verify(withProof(r, proof)).invalid();
        proof.remove(1);
        verify(withProof(r, proof)).invalid();
    }

    @Test
    void aReceiptWhoseSizeOrShardTheCheckpointDoesNotStateIsInvalid() throws IOException {
        Receipt r = fixture.receipt(3);
        assertThat(verify(new Receipt(r.txId(), r.txHash(), r.shard(), r.blockHeight(), r.blockHash(), r.leafIndex(), 8,
                r.inclusionProof(), r.checkpoint())).invalid().stderr()).contains("states shard 0 at size 9");
        verify(new Receipt(r.txId(), r.txHash(), 5, r.blockHeight(), r.blockHash(), r.leafIndex(), r.treeSize(),
                r.inclusionProof(), r.checkpoint())).invalid();
    }

    @Test
    void malformedReceiptsAreUnusable() throws IOException {
        Receipt r = fixture.receipt(3);
        String json = new String(r.toJson(), StandardCharsets.UTF_8);
        verify("{".getBytes(StandardCharsets.UTF_8), key).unusable();
        verify(json.replace(r.txHash(), r.txHash().toUpperCase()).getBytes(StandardCharsets.UTF_8), key).unusable();
        verify(json.replace("\"txId\"", "\"extra\":true,\"txId\"").getBytes(StandardCharsets.UTF_8), key).unusable();
        verify(new Receipt(r.txId(), r.txHash(), r.shard(), r.blockHeight(), r.blockHash(), 9, 9, r.inclusionProof(),
                r.checkpoint()).toJson(), key).unusable();
        verify("not*base64url!".getBytes(StandardCharsets.UTF_8), key).unusable();
        verify(Base64.getUrlEncoder().encode("[1,2]".getBytes(StandardCharsets.UTF_8)), key).unusable();
        verify(new Receipt(r.txId(), r.txHash(), r.shard(), r.blockHeight(), r.blockHash(), r.leafIndex(), r.treeSize(),
                r.inclusionProof(), "not a note\n").toJson(), key).unusable();
        Run.of("receipt", dir.resolve("missing").toString(), "--public-key", key.toString()).unusable();
    }
}
