package health.datasafe.kit.kafka;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.contracts.Topics;
import health.datasafe.devsupport.TestLedger;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.TrustedKeys;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link BlockScreen#onFirstCopy} with {@link BlockCopies}: each block acted on once, whichever of the ledger nodes
 * announced it, and a copy whose header names a block acted on is not even read.
 */
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
        BlockCommitted forged = withAnotherTransaction(block);

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

    @Test
    void aCopyWhoseHeaderNamesABlockActedOnIsSkippedWithoutBeingRead() {
        BlockCommitted block = ledger.block(0, ledger.added("patient-1", "dr-1", "rec-1"));

        screen.onFirstCopy(record(bytes(block), BlockCopies.name(block)), actedOn::add);
        screen.onFirstCopy(record("not even JSON".getBytes(StandardCharsets.UTF_8), BlockCopies.name(block)),
                actedOn::add);

        assertThat(actedOn).containsExactly(block);
    }

    @Test
    void aHeaderNamingABlockNotActedOnYetIsNoReasonToSkipOrTrust() {
        BlockCommitted block = ledger.block(0, ledger.added("patient-1", "dr-1", "rec-1"));
        BlockCommitted forged = withAnotherTransaction(block);

        assertThatThrownBy(() -> screen.onFirstCopy(record(bytes(forged), BlockCopies.name(block)), actedOn::add))
                .isInstanceOf(RecordRefused.class);
        screen.onFirstCopy(record(bytes(block), BlockCopies.name(block)), actedOn::add);

        assertThat(actedOn).containsExactly(block);
    }

    @Test
    void aBlockIsRememberedByWhatItSaysNotByWhatItsHeaderClaims() {
        BlockCommitted first = ledger.block(0, ledger.added("patient-1", "dr-1", "rec-1"));
        BlockCommitted second = ledger.block(0, ledger.added("patient-1", "dr-1", "rec-2"));

        screen.onFirstCopy(record(bytes(first), BlockCopies.name(second)), actedOn::add);
        screen.onFirstCopy(record(bytes(second), BlockCopies.name(second)), actedOn::add);
        screen.onFirstCopy(record(bytes(copySignedBy(first, node2)), null), actedOn::add);

        assertThat(actedOn).containsExactly(first, second);
    }

    private static ConsumerRecord<String, byte[]> record(byte[] value, String named) {
        var record = new ConsumerRecord<String, byte[]>(Topics.LEDGER_BLOCKS, 0, 0, "0", value);
        if (named != null) {
            record.headers().add(Topics.BLOCK_HEADER, named.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    /** The block's header, hashes and signature around another transaction under the first one's tx hash. */
    private BlockCommitted withAnotherTransaction(BlockCommitted block) {
        return new BlockCommitted(block.header(), block.blockHash(), block.signer(), block.signature(),
                List.of(new CommittedTransaction(ledger.added("patient-2", "dr-9", "rec-9"),
                        block.transactions().getFirst().txHash(), 0)));
    }

    private static BlockCommitted copySignedBy(BlockCommitted block, Ed25519.SigningKey node) {
        return new BlockCommitted(block.header(), block.blockHash(), node.verifyingKey().keyId(),
                Blocks.sign(block.blockHash(), node), block.transactions(), block.logFrontier(), block.checkpoint());
    }

    private static byte[] bytes(BlockCommitted block) {
        return ScreeningFuzzTargets.JSON.writeValueAsBytes(block);
    }
}
