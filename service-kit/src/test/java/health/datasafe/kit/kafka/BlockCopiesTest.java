package health.datasafe.kit.kafka;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.devsupport.TestLedger;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.TrustedKeys;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link BlockScreen#onFirstCopy}: each block acted on once, whichever of the ledger nodes announced it. */
class BlockCopiesTest {

    private final Ed25519.SigningKey node1 = Ed25519.SigningKey.generate();
    private final Ed25519.SigningKey node2 = Ed25519.SigningKey.generate();
    private final BlockScreen screen = new BlockScreen(ScreeningFuzzTargets.EVENTS,
            TrustedKeys.of(List.of(node1.verifyingKey(), node2.verifyingKey())));
    private final TestLedger ledger = new TestLedger(node1);
    private final List<BlockCommitted> actedOn = new ArrayList<>();

    @Test
    void anotherNodesCopyOfABlockAlreadyActedOnIsNeitherVerifiedNorActedOnAgain() {
        BlockCommitted block = ledger.block(0, ledger.added("patient-1", "dr-1", "rec-1"));
        BlockCommitted copy = copySignedBy(block, node2);

        screen.onFirstCopy(bytes(block), actedOn::add);
        screen.onFirstCopy(bytes(copy), actedOn::add);
        screen.onFirstCopy(bytes(block), actedOn::add);

        assertThat(actedOn).containsExactly(block);
    }

    @Test
    void aBlockWhoseActionFailedIsActedOnWhenItIsDeliveredAgain() {
        BlockCommitted block = ledger.block(0, ledger.added("patient-1", "dr-1", "rec-1"));

        assertThatThrownBy(() -> screen.onFirstCopy(bytes(block), failed -> {
            throw new IllegalStateException("database down");
        })).hasMessage("database down");
        screen.onFirstCopy(bytes(block), actedOn::add);

        assertThat(actedOn).containsExactly(block);
    }

    @Test
    void aForgedFirstCopyIsRefusedAndTheGenuineBlockStillActedOn() {
        BlockCommitted block = ledger.block(0, ledger.added("patient-1", "dr-1", "rec-1"));
        BlockCommitted forged = new BlockCommitted(block.header(), block.blockHash(), block.signer(), block.signature(),
                List.of(new CommittedTransaction(ledger.added("patient-2", "dr-9", "rec-9"),
                        block.transactions().getFirst().txHash(), 0)));

        assertThatThrownBy(() -> screen.onFirstCopy(bytes(forged), actedOn::add)).isInstanceOf(RecordRefused.class);
        screen.onFirstCopy(bytes(block), actedOn::add);

        assertThat(actedOn).containsExactly(block);
    }

    @Test
    void blocksAtOtherHeightsOrWithOtherHashesAreEachActedOn() {
        BlockCommitted first = ledger.block(0, ledger.added("patient-1", "dr-1", "rec-1"));
        BlockCommitted second = ledger.block(0, ledger.added("patient-1", "dr-1", "rec-2"));
        BlockCommitted otherShard = ledger.block(1, ledger.added("patient-3", "dr-1", "rec-3"));

        for (BlockCommitted block : List.of(first, second, otherShard)) {
            screen.onFirstCopy(bytes(block), actedOn::add);
        }

        assertThat(actedOn).containsExactly(first, second, otherShard);
    }

    private static BlockCommitted copySignedBy(BlockCommitted block, Ed25519.SigningKey node) {
        return new BlockCommitted(block.header(), block.blockHash(), node.verifyingKey().keyId(),
                Blocks.sign(block.blockHash(), node), block.transactions(), block.logFrontier(), block.checkpoint());
    }

    private static byte[] bytes(BlockCommitted block) {
        return ScreeningFuzzTargets.JSON.writeValueAsBytes(block);
    }
}
