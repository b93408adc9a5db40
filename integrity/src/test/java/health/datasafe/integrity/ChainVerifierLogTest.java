package health.datasafe.integrity;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** ChainVerifier keeps each shard's Merkle log: started mid-chain from a frontier, and checked against signed checkpoints. */
class ChainVerifierLogTest {

    private final SignedChain chain = new SignedChain();
    private final ChainVerifier verifier = new ChainVerifier(chain.signers());

    /** Ten blocks on each of the three shards, of 1 to 7 transactions. */
    private void tenBlocksPerShard() {
        for (int height = 0; height < 10; height++) {
            for (int shard = 0; shard < SignedChain.SHARDS; shard++) {
                chain.next(shard, 1 + (height * 3 + shard) % 7);
            }
        }
    }

    private static LogFrontier frontier(List<String> hex, long size) {
        return LogFrontier.of(size, hex.stream().map(Hex::parseHash).toList());
    }

    @Test
    void fromGenesisTheLogRootOfEveryShardIsTheCheckpointedOne() {
        tenBlocksPerShard();
        for (int height = 0; height < 10; height++) {
            for (int shard = 0; shard < SignedChain.SHARDS; shard++) {
                verifier.verify(chain.block(shard, height));
            }
        }
        Checkpoint checkpoint = Checkpoint.verify(chain.checkpoint(), chain.ledgerNode.verifyingKey());

        verifier.verifyCheckpoint(checkpoint);
        for (int shard = 0; shard < SignedChain.SHARDS; shard++) {
            assertThat(verifier.logRoot(shard)).isEqualTo(checkpoint.shard(shard).root()).isEqualTo(Hex.of(chain.log(shard).root()));
            assertThat(verifier.logSize(shard)).isEqualTo(checkpoint.shard(shard).size()).isEqualTo(chain.log(shard).size());
        }
    }

    @Test
    void startedMidChainFromTheFrontierTheRangeEndsAtTheCheckpointSignedAfterItsLastBlock() {
        tenBlocksPerShard();
        StoredBlock before = chain.block(1, 4);

        verifier.startAt(1, 5, before.blockHash(), frontier(chain.frontierBefore(1, 5), before.header().logSize()));
        for (long height = 5; height <= 8; height++) {
            verifier.verify(chain.block(1, height));
        }
        Checkpoint checkpoint = Checkpoint.verify(chain.checkpointAfter(1, 8), chain.ledgerNode.verifyingKey());

        verifier.verifyCheckpoint(checkpoint);
        assertThat(verifier.logSize(1)).isEqualTo(chain.block(1, 8).header().logSize());
        assertThat(verifier.logRoot(1)).isEqualTo(checkpoint.shard(1).root());
        assertThat(verifier.blocksVerified()).isEqualTo(4);
    }

    @Test
    void aRangeCheckedAgainstALaterCheckpointIsALogRootMismatchNamingBothSizes() {
        tenBlocksPerShard();
        verifier.startAt(0, 3, chain.block(0, 2).blockHash(), frontier(chain.frontierBefore(0, 3), chain.block(0, 2).header().logSize()));
        verifier.verify(chain.block(0, 3));
        Checkpoint later = Checkpoint.parse(chain.checkpointAfter(0, 4));

        var failure = catchThrowableOfType(LedgerInvalid.LogRootMismatch.class, () -> verifier.verifyCheckpoint(later));

        assertThat(failure.shard()).isZero();
        assertThat(failure.height()).isEqualTo(3);
        assertThat(failure.statedSize()).isEqualTo(chain.block(0, 4).header().logSize());
        assertThat(failure.actualSize()).isEqualTo(chain.block(0, 3).header().logSize());
        assertThat(failure.expected()).isEqualTo(later.shard(0).root());
        assertThat(failure.actual()).isEqualTo(verifier.logRoot(0));
    }

    @Test
    void aWrongFrontierVerifiesTheBlocksButNotTheCheckpoint() {
        tenBlocksPerShard();
        var hashes = new ArrayList<>(chain.frontierBefore(2, 6));
        hashes.set(hashes.size() - 1, Sha256.hex(new byte[] {1}));
        long size = chain.block(2, 5).header().logSize();
        verifier.startAt(2, 6, chain.block(2, 5).blockHash(), frontier(hashes, size));
        verifier.verify(chain.block(2, 6));
        Checkpoint checkpoint = Checkpoint.parse(chain.checkpointAfter(2, 6));

        var failure = catchThrowableOfType(LedgerInvalid.LogRootMismatch.class, () -> verifier.verifyCheckpoint(checkpoint));

        assertThat(failure.shard()).isEqualTo(2);
        assertThat(failure.height()).isEqualTo(6);
        assertThat(failure.statedSize()).isEqualTo(failure.actualSize()).isEqualTo(chain.block(2, 6).header().logSize());
        assertThat(failure.expected()).isEqualTo(checkpoint.shard(2).root()).isNotEqualTo(failure.actual());
        assertThat(failure).hasMessageContaining(failure.expected()).hasMessageContaining(failure.actual());
    }

    @Test
    void aWrongPreviousHashAtTheStartIsAChainBreakAtTheFirstHeight() {
        tenBlocksPerShard();
        String wrong = Sha256.hex(new byte[] {2});
        verifier.startAt(0, 5, wrong, frontier(chain.frontierBefore(0, 5), chain.block(0, 4).header().logSize()));

        var failure = catchThrowableOfType(LedgerInvalid.ChainBroken.class, () -> verifier.verify(chain.block(0, 5)));

        assertThat(failure.height()).isEqualTo(5);
        assertThat(failure.expected()).isEqualTo(wrong);
        assertThat(failure.actual()).isEqualTo(chain.block(0, 4).blockHash());
    }

    @Test
    void aFrontierOfAnotherSizeIsAHeaderInconsistencyOfTheLogSize() {
        tenBlocksPerShard();
        long size = chain.block(0, 4).header().logSize();
        verifier.startAt(0, 5, chain.block(0, 4).blockHash(), LogFrontier.of(size - 1, chain.nodes(0)));

        var failure = catchThrowableOfType(LedgerInvalid.HeaderInconsistent.class, () -> verifier.verify(chain.block(0, 5)));

        assertThat(failure.field()).isEqualTo("logSize");
        assertThat(failure.height()).isEqualTo(5);
    }

    @Test
    void aShardTheCheckpointDoesNotCoverIsALogRootMismatch() {
        chain.next(0, 2);
        chain.next(1, 1);
        verifier.verify(chain.block(0, 0));
        verifier.verify(chain.block(1, 0));
        var onlyShard0 = new Checkpoint(SignedChain.ORIGIN, List.of(chain.checkpointOf().shard(0)));

        var failure = catchThrowableOfType(LedgerInvalid.LogRootMismatch.class, () -> verifier.verifyCheckpoint(onlyShard0));

        assertThat(failure.shard()).isEqualTo(1);
        assertThat(failure.expected()).isEqualTo("(shard absent)");
    }

    @Test
    void shardsNotVerifiedAreNotComparedAndAnEmptyShardHasTheEmptyRoot() {
        chain.next(0, 3);
        verifier.verify(chain.block(0, 0));

        verifier.verifyCheckpoint(chain.checkpointOf());
        assertThat(verifier.logRoot(2)).isEqualTo(Sha256.hex());
        assertThat(verifier.logSize(2)).isZero();
    }

    @Test
    void aShardStartsOnceAndAtHeightZeroOnlyWithAnEmptyLogAndTheGenesisHash() {
        verifier.startAt(0, 0, Blocks.GENESIS_PREVIOUS_HASH, LogFrontier.empty());
        verifier.startAt(1, 4, Sha256.hex(), LogFrontier.empty());

        assertThatThrownBy(() -> verifier.startAt(1, 4, Sha256.hex(), LogFrontier.empty())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> verifier.startAt(2, 0, Sha256.hex(), LogFrontier.empty())).isInstanceOf(IllegalArgumentException.class);
        var one = LogFrontier.empty();
        one.append(Sha256.hash());
        assertThatThrownBy(() -> verifier.startAt(2, 0, Blocks.GENESIS_PREVIOUS_HASH, one)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verifier.startAt(2, 3, "not a hash", one)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStartingFrontierIsCopiedNotShared() {
        tenBlocksPerShard();
        LogFrontier start = frontier(chain.frontierBefore(0, 2), chain.block(0, 1).header().logSize());
        verifier.startAt(0, 2, chain.block(0, 1).blockHash(), start);
        start.append(Sha256.hash(new byte[] {3}));

        verifier.verify(chain.block(0, 2));
        verifier.verifyCheckpoint(Checkpoint.parse(chain.checkpointAfter(0, 2)));
    }
}
