package health.datasafe.integrity;

import health.datasafe.contracts.Transaction;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static health.datasafe.integrity.SignedChain.height;
import static health.datasafe.integrity.SignedChain.logSize;
import static health.datasafe.integrity.SignedChain.merkleRoot;
import static health.datasafe.integrity.SignedChain.previousHash;
import static health.datasafe.integrity.SignedChain.timestamp;
import static health.datasafe.integrity.SignedChain.txCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ChainVerifierTest {

    private final SignedChain chain = new SignedChain();
    private final ChainVerifier verifier = new ChainVerifier(chain.signers());

    @Test
    void aValidChainOfThreeShardsVerifiesWithTheRightCounts() {
        List<StoredBlock> blocks = new ArrayList<>();
        int transactions = 0;
        for (int round = 0; round < 4; round++) {
            for (int shard = 0; shard < 3; shard++) {
                int txCount = 1 + (round * 3 + shard) % 5;
                blocks.add(chain.next(shard, txCount));
                transactions += txCount;
            }
        }

        blocks.forEach(verifier::verify);

        assertThat(verifier.blocksVerified()).isEqualTo(12);
        assertThat(verifier.transactionsVerified()).isEqualTo(transactions);
        for (int shard = 0; shard < 3; shard++) {
            int s = shard;
            var ofShard = blocks.stream().filter(b -> b.header().shard() == s).toList();
            assertThat(ofShard.getLast().header().logSize()).isEqualTo(ofShard.stream().mapToLong(b -> b.transactions().size()).sum());
        }
    }

    @Test
    void shardsAreVerifiedIndependentlyInAnyInterleaving() {
        StoredBlock a0 = chain.next(0, 2);
        StoredBlock a1 = chain.next(0, 1);
        StoredBlock b0 = chain.next(1, 3);
        StoredBlock a2 = chain.next(0, 4);
        StoredBlock b1 = chain.next(1, 1);

        for (StoredBlock block : List.of(b0, a0, a1, b1, a2)) {
            verifier.verify(block);
        }

        assertThat(verifier.blocksVerified()).isEqualTo(5);
        assertThat(verifier.transactionsVerified()).isEqualTo(11);
    }

    @Test
    void aTransactionWhoseStoredBytesChangedIsReportedWithItsIndexAndBothHashes() {
        verifier.verify(chain.next(0, 2));
        StoredBlock block = chain.next(0, 3);
        var original = block.transactions().get(1);
        byte[] edited = new String(original.canonicalJson(), StandardCharsets.UTF_8).replace("patient-0", "patient-9")
                .getBytes(StandardCharsets.UTF_8);

        var failure = catchThrowableOfType(LedgerInvalid.TransactionHashMismatch.class,
                () -> verifier.verify(SignedChain.withTransaction(block, 1, new StoredBlock.StoredTransaction(edited, original.txHash()))));

        assertThat(failure.shard()).isZero();
        assertThat(failure.height()).isEqualTo(1);
        assertThat(failure.index()).isEqualTo(1);
        assertThat(failure.expected()).isEqualTo(original.txHash());
        assertThat(failure.actual()).isEqualTo(Sha256.hex(edited)).isNotEqualTo(original.txHash());
        assertThat(failure).hasMessageContaining(original.txHash()).hasMessageContaining(Sha256.hex(edited));
    }

    @Test
    void aTransactionReplacedTogetherWithItsHashIsCaughtByTheMerkleRoot() {
        StoredBlock block = chain.next(0, 3);
        Transaction other = chain.transaction(0);
        StoredBlock tampered = SignedChain.withTransaction(block, 2, SignedChain.stored(other));

        var failure = catchThrowableOfType(LedgerInvalid.MerkleRootMismatch.class, () -> verifier.verify(tampered));

        assertThat(failure.expected()).isEqualTo(block.header().merkleRoot());
        assertThat(failure.actual()).isEqualTo(MerkleTree.rootHex(tampered.transactions().stream()
                .map(StoredBlock.StoredTransaction::txHash).toList()));
        assertThat(failure.height()).isZero();
    }

    @Test
    void reorderedTransactionsAreAMerkleRootMismatch() {
        StoredBlock block = chain.next(1, 4);
        var reordered = new ArrayList<>(block.transactions());
        reordered.set(0, block.transactions().get(1));
        reordered.set(1, block.transactions().get(0));

        var failure = catchThrowableOfType(LedgerInvalid.MerkleRootMismatch.class,
                () -> verifier.verify(SignedChain.withTransactions(block, reordered)));

        assertThat(failure.shard()).isEqualTo(1);
        assertThat(failure.expected()).isEqualTo(block.header().merkleRoot());
    }

    @Test
    void aHeaderThatCommitsToAnotherRootIsAMerkleRootMismatchEvenWhenHashedAndSigned() {
        String wrongRoot = Sha256.hex("not the root".getBytes(StandardCharsets.UTF_8));
        StoredBlock block = chain.next(0, 2, merkleRoot(wrongRoot));

        var failure = catchThrowableOfType(LedgerInvalid.MerkleRootMismatch.class, () -> verifier.verify(block));

        assertThat(failure.expected()).isEqualTo(wrongRoot);
        assertThat(failure.actual()).isEqualTo(MerkleTree.rootHex(block.transactions().stream()
                .map(StoredBlock.StoredTransaction::txHash).toList()));
    }

    @Test
    void aStoredBlockHashThatIsNotTheHashOfTheHeaderIsABlockHashMismatch() {
        StoredBlock block = chain.next(0, 1);
        String otherHash = Sha256.hex("another header".getBytes(StandardCharsets.UTF_8));

        var failure = catchThrowableOfType(LedgerInvalid.BlockHashMismatch.class,
                () -> verifier.verify(SignedChain.withBlockHash(block, otherHash)));

        assertThat(failure.expected()).isEqualTo(otherHash);
        assertThat(failure.actual()).isEqualTo(Blocks.hash(block.header()));
    }

    @Test
    void aHeaderFieldEditedAfterSigningIsABlockHashMismatch() {
        StoredBlock block = chain.next(2, 2);
        var edited = timestamp(Instant.parse("2020-01-01T00:00:00Z")).apply(block.header());

        var failure = catchThrowableOfType(LedgerInvalid.BlockHashMismatch.class,
                () -> verifier.verify(SignedChain.withHeader(block, edited)));

        assertThat(failure.expected()).isEqualTo(block.blockHash());
        assertThat(failure.actual()).isEqualTo(Blocks.hash(edited));
        assertThat(failure.shard()).isEqualTo(2);
    }

    @Test
    void aBlockThatDoesNotLinkToThePreviousBlockIsAChainBreak() {
        StoredBlock first = chain.next(0, 1);
        String elsewhere = Sha256.hex("a fork".getBytes(StandardCharsets.UTF_8));
        StoredBlock second = chain.next(0, 1, previousHash(elsewhere));
        verifier.verify(first);

        var failure = catchThrowableOfType(LedgerInvalid.ChainBroken.class, () -> verifier.verify(second));

        assertThat(failure.height()).isEqualTo(1);
        assertThat(failure.expected()).isEqualTo(first.blockHash());
        assertThat(failure.actual()).isEqualTo(elsewhere);
    }

    @Test
    void aFirstBlockWhosePreviousHashIsNotTheGenesisValueIsAChainBreak() {
        String previous = "1".repeat(64);
        StoredBlock block = chain.next(0, 1, previousHash(previous));

        var failure = catchThrowableOfType(LedgerInvalid.ChainBroken.class, () -> verifier.verify(block));

        assertThat(failure.expected()).isEqualTo(Blocks.GENESIS_PREVIOUS_HASH).isEqualTo("0".repeat(64));
        assertThat(failure.actual()).isEqualTo(previous);
    }

    @Test
    void aBlockOfAnotherChainOfTheSameShardIsAChainBreak() {
        var otherChain = new SignedChain();
        otherChain.next(0, 1);
        StoredBlock foreign = otherChain.next(0, 1);
        verifier.verify(chain.next(0, 1));
        StoredBlock ours = chain.next(0, 1);
        // the foreign block, hashed and signed by our own node: only the link to block 0 gives it away
        StoredBlock resigned = chain.signed(foreign.header(), foreign.transactions());

        assertThatThrownBy(() -> verifier.verify(resigned)).isInstanceOf(LedgerInvalid.ChainBroken.class);
        verifier.verify(ours);
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() {
        StoredBlock block = chain.next(0, 1);
        String forged = Blocks.sign(block.blockHash(), Ed25519.SigningKey.generate());

        var failure = catchThrowableOfType(LedgerInvalid.SignatureInvalid.class,
                () -> verifier.verify(SignedChain.withSignature(block, block.signer(), forged)));

        assertThat(failure.signer()).isEqualTo(block.signer());
        assertThat(failure.shard()).isZero();
        assertThat(failure.height()).isZero();
        assertThat(failure.expected()).isNull();
        assertThat(failure.actual()).isNull();
    }

    @Test
    void aSignatureOfAnotherBlockHashIsRefused() {
        StoredBlock block = chain.next(0, 1);
        String signatureOfOtherHash = Blocks.sign("ab".repeat(32), chain.ledgerNode);

        assertThatThrownBy(() -> verifier.verify(SignedChain.withSignature(block, block.signer(), signatureOfOtherHash)))
                .isInstanceOf(LedgerInvalid.SignatureInvalid.class);
    }

    @Test
    void anUnknownSignerIsRefused() {
        StoredBlock block = chain.next(0, 1);
        var stranger = Ed25519.SigningKey.generate();

        var failure = catchThrowableOfType(LedgerInvalid.SignatureInvalid.class, () -> verifier.verify(
                SignedChain.withSignature(block, stranger.verifyingKey().keyId(), Blocks.sign(block.blockHash(), stranger))));

        assertThat(failure.signer()).isEqualTo(stranger.verifyingKey().keyId());
    }

    @Test
    void aSignatureThatIsNotBase64OrMissingIsRefused() {
        StoredBlock block = chain.next(0, 1);

        assertThatThrownBy(() -> verifier.verify(SignedChain.withSignature(block, block.signer(), "%%%")))
                .isInstanceOf(LedgerInvalid.SignatureInvalid.class);
        assertThatThrownBy(() -> verifier.verify(SignedChain.withSignature(block, block.signer(), null)))
                .isInstanceOf(LedgerInvalid.SignatureInvalid.class);
    }

    @Test
    void aGapInTheHeightsIsAHeaderInconsistency() {
        verifier.verify(chain.next(0, 1));
        StoredBlock skipping = chain.next(0, 1, height(2));

        var failure = catchThrowableOfType(LedgerInvalid.HeaderInconsistent.class, () -> verifier.verify(skipping));

        assertThat(failure.field()).isEqualTo("height");
        assertThat(failure.expected()).isEqualTo("1");
        assertThat(failure.actual()).isEqualTo("2");
        assertThat(failure.height()).isEqualTo(2);
    }

    @Test
    void aShardThatDoesNotStartAtHeightZeroIsAHeaderInconsistency() {
        chain.next(0, 1);
        StoredBlock second = chain.next(0, 1);

        var failure = catchThrowableOfType(LedgerInvalid.HeaderInconsistent.class, () -> verifier.verify(second));

        assertThat(failure.field()).isEqualTo("height");
        assertThat(failure.expected()).isEqualTo("0");
        assertThat(failure.actual()).isEqualTo("1");
    }

    @Test
    void aWrongLogSizeIsAHeaderInconsistency() {
        verifier.verify(chain.next(0, 3));
        StoredBlock block = chain.next(0, 2, logSize(4));

        var failure = catchThrowableOfType(LedgerInvalid.HeaderInconsistent.class, () -> verifier.verify(block));

        assertThat(failure.field()).isEqualTo("logSize");
        assertThat(failure.expected()).isEqualTo("5");
        assertThat(failure.actual()).isEqualTo("4");
    }

    @Test
    void aTxCountThatDiffersFromTheTransactionsIsAHeaderInconsistency() {
        StoredBlock block = chain.next(0, 2, txCount(3));

        var failure = catchThrowableOfType(LedgerInvalid.HeaderInconsistent.class, () -> verifier.verify(block));

        assertThat(failure.field()).isEqualTo("txCount");
        assertThat(failure.expected()).isEqualTo("2");
        assertThat(failure.actual()).isEqualTo("3");
    }

    @Test
    void aRefusedBlockLeavesTheVerifierWhereItWas() {
        StoredBlock first = chain.next(0, 1);
        StoredBlock second = chain.next(0, 2);
        verifier.verify(first);

        assertThatThrownBy(() -> verifier.verify(SignedChain.withBlockHash(second, "0".repeat(64))))
                .isInstanceOf(LedgerInvalid.class);
        verifier.verify(second);

        assertThat(verifier.blocksVerified()).isEqualTo(2);
        assertThat(verifier.transactionsVerified()).isEqualTo(3);
    }

    @Test
    void aBlockVerifiedTwiceIsAHeightInconsistencyTheSecondTime() {
        StoredBlock block = chain.next(0, 1);
        verifier.verify(block);

        var failure = catchThrowableOfType(LedgerInvalid.HeaderInconsistent.class, () -> verifier.verify(block));

        assertThat(failure.field()).isEqualTo("height");
        assertThat(verifier.blocksVerified()).isEqualTo(1);
    }
}
