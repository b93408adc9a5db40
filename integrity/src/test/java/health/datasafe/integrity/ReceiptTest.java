package health.datasafe.integrity;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Receipts: an inclusion proof of a tx hash against a signed checkpoint, as JSON or an HTTP header, checked offline. */
class ReceiptTest {

    private final SignedChain chain = new SignedChain();
    private List<Ed25519.VerifyingKey> trusted;

    @BeforeEach
    void sixBlocksPerShard() {
        for (int height = 0; height < 6; height++) {
            for (int shard = 0; shard < SignedChain.SHARDS; shard++) {
                chain.next(shard, 1 + (height + shard) % 4);
            }
        }
        trusted = List.of(chain.ledgerNode.verifyingKey());
    }

    @Test
    void aReceiptVerifiesAgainstTheCheckpointSignedAfterItsBlockAndAnyLaterOne() {
        for (long provenAt = 2; provenAt < 6; provenAt++) {
            Receipt receipt = chain.receipt(1, 2, 1, provenAt);

            Checkpoint verified = receipt.verify(trusted);

            assertThat(verified).isEqualTo(Checkpoint.parse(chain.checkpointAfter(1, provenAt)));
            assertThat(receipt.treeSize()).isEqualTo(chain.block(1, provenAt).header().logSize());
            assertThat(receipt.leafIndex()).isEqualTo(chain.block(1, 2).header().logSize() - chain.block(1, 2).transactions().size() + 1);
            assertThat(receipt.blockHash()).isEqualTo(chain.block(1, 2).blockHash());
        }
    }

    @Test
    void aReceiptReadsBackEqualFromItsJsonAndFromItsHeader() {
        Receipt receipt = chain.receipt(0, 3, 0, 5);

        assertThat(Receipt.parse(receipt.toJson())).isEqualTo(receipt);
        assertThat(Receipt.fromHeader(receipt.toHeader())).isEqualTo(receipt);
        assertThat(receipt.toHeader()).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(receipt.toHeader())).isEqualTo(receipt.toJson());
        assertThat(new String(receipt.toJson(), StandardCharsets.UTF_8)).startsWith("{\"txId\":\"");
    }

    @Test
    void anAlteredReceiptIsRefusedAsAnInvalidProof() {
        Receipt r = chain.receipt(2, 4, 0, 5);
        var flippedProof = new ArrayList<>(r.inclusionProof());
        flippedProof.set(0, Hex.of(MerkleProofsPropertyTest.flip(Hex.parseHash(flippedProof.getFirst()), 77)));
        String otherTx = chain.block(2, 4).transactions().size() > 1 ? chain.block(2, 4).transactions().get(1).txHash()
                : chain.block(2, 3).transactions().getFirst().txHash();

        List<Receipt> altered = List.of(
                new Receipt(r.txId(), otherTx, r.shard(), r.blockHeight(), r.blockHash(), r.leafIndex(), r.treeSize(), r.inclusionProof(), r.checkpoint()),
                new Receipt(r.txId(), r.txHash(), r.shard(), r.blockHeight(), r.blockHash(), r.leafIndex() + 1, r.treeSize(), r.inclusionProof(), r.checkpoint()),
                new Receipt(r.txId(), r.txHash(), r.shard(), r.blockHeight(), r.blockHash(), r.leafIndex() - 1, r.treeSize(), r.inclusionProof(), r.checkpoint()),
                new Receipt(r.txId(), r.txHash(), r.shard(), r.blockHeight(), r.blockHash(), r.leafIndex(), r.treeSize() + 1, r.inclusionProof(), r.checkpoint()),
                new Receipt(r.txId(), r.txHash(), r.shard(), r.blockHeight(), r.blockHash(), r.leafIndex(), r.treeSize(), flippedProof, r.checkpoint()),
                new Receipt(r.txId(), r.txHash(), r.shard(), r.blockHeight(), r.blockHash(), r.leafIndex(), r.treeSize(),
                        r.inclusionProof().subList(1, r.inclusionProof().size()), r.checkpoint()),
                new Receipt(r.txId(), r.txHash(), 0, r.blockHeight(), r.blockHash(), r.leafIndex(), r.treeSize(), r.inclusionProof(), r.checkpoint()),
                new Receipt(r.txId(), r.txHash(), SignedChain.SHARDS, r.blockHeight(), r.blockHash(), r.leafIndex(), r.treeSize(),
                        r.inclusionProof(), r.checkpoint()),
                new Receipt(r.txId(), r.txHash(), r.shard(), r.blockHeight(), r.blockHash(), r.leafIndex(), r.treeSize(), r.inclusionProof(),
                        chain.checkpointAfter(2, 4)));
        for (Receipt receipt : altered) {
            assertThatThrownBy(() -> receipt.verify(trusted)).as(new String(receipt.toJson(), StandardCharsets.UTF_8))
                    .isInstanceOf(ProofInvalid.InclusionProofInvalid.class);
        }
    }

    @Test
    void aReceiptWhoseCheckpointIsNotSignedByATrustedKeyIsRefused() {
        Receipt r = chain.receipt(0, 1, 0, 3);
        String forged = Checkpoint.parse(r.checkpoint()).sign(Ed25519.SigningKey.generate());
        String edited = r.checkpoint().replaceFirst("\n0 (\\d+) ", "\n0 999 ");
        var withForged = new Receipt(r.txId(), r.txHash(), r.shard(), r.blockHeight(), r.blockHash(), r.leafIndex(), r.treeSize(),
                r.inclusionProof(), forged);
        var withEdited = new Receipt(r.txId(), r.txHash(), r.shard(), r.blockHeight(), r.blockHash(), r.leafIndex(), 999,
                r.inclusionProof(), edited);
        var withGarbage = new Receipt(r.txId(), r.txHash(), r.shard(), r.blockHeight(), r.blockHash(), r.leafIndex(), r.treeSize(),
                r.inclusionProof(), "not a note");

        assertThatThrownBy(() -> withForged.verify(trusted)).isInstanceOf(CheckpointInvalid.CheckpointSignatureInvalid.class);
        assertThatThrownBy(() -> withEdited.verify(trusted)).isInstanceOf(CheckpointInvalid.CheckpointSignatureInvalid.class);
        assertThatThrownBy(() -> withGarbage.verify(trusted)).isInstanceOf(CheckpointInvalid.CheckpointMalformed.class);
        assertThatThrownBy(() -> r.verify(List.of(Ed25519.SigningKey.generate().verifyingKey())))
                .isInstanceOf(CheckpointInvalid.CheckpointSignatureInvalid.class);
        assertThat(r.verify(List.of(Ed25519.SigningKey.generate().verifyingKey(), chain.ledgerNode.verifyingKey()))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "{}", "not json", "{\"txId\":\"t\"}"})
    void textThatIsNotAReceiptIsMalformed(String json) {
        assertThatThrownBy(() -> Receipt.parse(json.getBytes(StandardCharsets.UTF_8))).isInstanceOf(Receipt.ReceiptMalformed.class);
    }

    @Test
    void aReceiptWithAFieldOutOfShapeIsMalformed() {
        Receipt r = chain.receipt(1, 1, 0, 2);
        String json = new String(r.toJson(), StandardCharsets.UTF_8);
        String proofHash = r.inclusionProof().getFirst();

        for (String bad : List.of(json.replaceFirst("\\{", "{\"extra\":1,"), json + "x", json.replace(r.txHash(), r.txHash().toUpperCase()),
                json.replace(r.blockHash(), r.blockHash().substring(2)), json.replace(proofHash, proofHash + "00"),
                json.replace("\"treeSize\":" + r.treeSize(), "\"treeSize\":" + r.leafIndex()),
                json.replace("\"shard\":1", "\"shard\":-1"), json.replace("\"blockHeight\":1", "\"blockHeight\":-1"),
                json.replace("\"checkpoint\":", "\"checkpoint\":null,\"x\":"), json.replace("\"shard\":1", "\"shard\":null"),
                json.replace("\"shard\":1", "\"shard\":1e40"), json.replace("\"inclusionProof\":[", "\"inclusionProof\":[null,"))) {
            assertThatThrownBy(() -> Receipt.parse(bad.getBytes(StandardCharsets.UTF_8))).as(bad).isInstanceOf(Receipt.ReceiptMalformed.class);
        }
    }

    @Test
    void aHeaderValueThatIsNotBase64UrlOfAReceiptIsMalformed() {
        String header = chain.receipt(1, 1, 0, 2).toHeader();

        for (String bad : List.of("", "***", header.substring(1), header.substring(0, 10) + "+" + header.substring(11), header + "!", "e30")) {
            assertThatThrownBy(() -> Receipt.fromHeader(bad)).as(bad).isInstanceOf(Receipt.ReceiptMalformed.class);
        }
    }

    /** BundleVerifier.verify refuses an empty key list with IllegalArgumentException; a receipt should too (fails until fixed). */
    @Test
    void verifyingWithNoTrustedKeyIsAnArgumentError() {
        Receipt r = chain.receipt(1, 1, 0, 2);

        assertThatThrownBy(() -> r.verify(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
