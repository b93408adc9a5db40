package health.datasafe.kit.kafka;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.BlockSigned;
import health.datasafe.devsupport.TestLedger;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.TrustedKeys;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link BlockScreen#signedByAnother}: a node's own signatures dropped unverified, its peers' verified. */
class PeerSignaturesTest {

    private final Ed25519.SigningKey own = Ed25519.SigningKey.generate();
    private final Ed25519.SigningKey peer = Ed25519.SigningKey.generate();
    private final BlockScreen screen = new BlockScreen(ScreeningFuzzTargets.EVENTS,
            TrustedKeys.of(List.of(own.verifyingKey(), peer.verifyingKey())));
    private final BlockCommitted block = new TestLedger(own).block(0, new TestLedger(own).added("patient-1", "dr-1",
            "rec-1"));

    @Test
    void aNodesOwnSignatureIsDroppedAndAPeersIsVerified() {
        BlockSigned mine = BlockSigned.of(block, "ledger-1");
        BlockSigned theirs = signedBy(peer, Blocks.sign(block.blockHash(), peer));

        assertThat(screen.signedByAnother(bytes(mine), own.verifyingKey().keyId())).isEmpty();
        assertThat(screen.signedByAnother(bytes(theirs), own.verifyingKey().keyId())).contains(theirs);
    }

    @Test
    void aPeersSignatureThatDoesNotVerifyIsRefused() {
        BlockSigned forged = signedBy(peer, Blocks.sign(block.blockHash(), own));

        assertThatThrownBy(() -> screen.signedByAnother(bytes(forged), own.verifyingKey().keyId()))
                .isInstanceOf(RecordRefused.class).hasMessageContaining("does not verify");
    }

    @Test
    void aSignatureNamingTheNodeThatIsNotWholeIsRefusedNotDropped() {
        BlockSigned mine = BlockSigned.of(block, "ledger-1");
        BlockSigned otherHash = new BlockSigned(mine.shard(), mine.height(), "00".repeat(32), mine.header(),
                mine.node(), mine.signer(), mine.signature(), mine.checkpoint());

        assertThatThrownBy(() -> screen.signedByAnother(bytes(otherHash), own.verifyingKey().keyId()))
                .isInstanceOf(RecordRefused.class).hasMessageContaining("does not hash to");
    }

    private BlockSigned signedBy(Ed25519.SigningKey signer, String signature) {
        return new BlockSigned(block.header().shard(), block.header().height(), block.blockHash(), block.header(),
                "ledger-2", signer.verifyingKey().keyId(), signature, null);
    }

    private static byte[] bytes(BlockSigned signed) {
        return ScreeningFuzzTargets.JSON.writeValueAsBytes(signed);
    }
}
