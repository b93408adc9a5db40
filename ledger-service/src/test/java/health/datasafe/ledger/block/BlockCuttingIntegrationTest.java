package health.datasafe.ledger.block;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.contracts.EpochEnded;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.CheckpointSigned;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.LogFrontier;
import health.datasafe.integrity.LogSlice;
import health.datasafe.integrity.MerkleProofs;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.ledger.LedgerServiceTestBase;
import health.datasafe.ledger.TestInitiator;
import health.datasafe.ledger.node.LedgerSettings;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BlockCuttingIntegrationTest extends LedgerServiceTestBase {

    @Autowired
    BlockCommitter committer;

    @Test
    void eachEpochEndCutsOneBlockPerShardStampedWithTheEndsTimeAndSharingOneCheckpoint() throws Exception {
        String patient = TestInitiator.unique("p-epoch");
        String other = patientInAnotherShard(patient);
        List<Transaction> first = IntStream.range(0, 3).mapToObj(i -> INITIATOR.recordAccessed(patient)).toList();
        Transaction otherShard = INITIATOR.recordAccessed(other);
        List<Transaction> second = IntStream.range(0, 2).mapToObj(i -> INITIATOR.recordAccessed(patient)).toList();
        for (Transaction tx : first) {
            publishInOpenEpoch(tx);
        }
        publishInOpenEpoch(otherShard);
        EpochEnded firstEnd = endEpoch();
        for (Transaction tx : second) {
            publishInOpenEpoch(tx);
        }
        EpochEnded secondEnd = endEpoch();

        var all = new ArrayList<>(first);
        all.addAll(second);
        List<Committed> places = awaitCommitted(all);
        Committed otherPlace = awaitCommitted(List.of(otherShard)).getFirst();

        Map<Long, List<Committed>> byHeight = new LinkedHashMap<>();
        places.forEach(place -> byHeight.computeIfAbsent(place.height(), h -> new ArrayList<>()).add(place));
        assertThat(byHeight.values()).extracting(List::size).containsExactly(3, 2);
        var heights = new ArrayList<>(byHeight.keySet());
        int shard = places.getFirst().shard();
        assertThat(heights.get(1)).isEqualTo(heights.get(0) + 1);
        assertThat(blockTime(shard, heights.get(0))).isEqualTo(firstEnd.endedAt());
        assertThat(blockTime(shard, heights.get(1))).isEqualTo(secondEnd.endedAt());
        assertThat(blockTime(otherPlace.shard(), otherPlace.height())).isEqualTo(firstEnd.endedAt());
        // one checkpoint per epoch, stating both shards' logs after their blocks
        assertThat(storedCheckpoint(otherPlace.shard(), otherPlace.height()))
                .isEqualTo(storedCheckpoint(shard, heights.get(0)));
        // the shard's log continues in publication order
        long firstLeaf = places.getFirst().leafIndex();
        assertThat(places).extracting(Committed::leafIndex)
                .containsExactlyElementsOf(IntStream.range(0, all.size()).mapToObj(i -> firstLeaf + i).toList());
    }

    @Test
    void aStaleEpochEndEndsNothingAndItsTransactionsJoinTheNextEpoch() throws Exception {
        String patient = TestInitiator.unique("p-stale");
        Transaction before = INITIATOR.recordAccessed(patient);
        Transaction after = INITIATOR.recordAccessed(patient);
        publishInOpenEpoch(before);
        endEpoch(staleEpoch(), Instant.parse("2020-01-01T00:00:00Z"));
        publishInOpenEpoch(after);
        EpochEnded end = endEpoch();

        List<Committed> places = awaitCommitted(List.of(before, after));

        assertThat(places).extracting(Committed::height).containsOnly(places.getFirst().height());
        assertThat(blockTime(places.getFirst().shard(), places.getFirst().height())).isEqualTo(end.endedAt());
    }

    private Instant blockTime(int shard, long height) {
        return jdbc.queryForObject("SELECT block_timestamp FROM block WHERE shard = ? AND height = ?",
                java.time.OffsetDateTime.class, shard, height).toInstant();
    }

    /** A new patient whose transactions go to another partition than {@code patient}'s. */
    private static String patientInAnotherShard(String patient) {
        while (true) {
            String other = TestInitiator.unique("p-other");
            if (partitionOf(other) != partitionOf(patient)) {
                return other;
            }
        }
    }

    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % RealInfrastructure.PARTITIONS;
    }

    @Test
    void announcedBlocksCarryTheHeaderHashSignatureAndLeafIndexes() throws Exception {
        String patient = TestInitiator.unique("p-announce");
        List<Transaction> txs = List.of(INITIATOR.recordAccessed(patient), INITIATOR.recordAccessed(patient));
        for (Transaction tx : txs) {
            publish(tx);
        }
        List<Committed> places = awaitCommitted(txs);
        List<BlockCommitted> announced = awaitAnnounced(txs.stream().map(Transaction::id).toList());

        for (BlockCommitted block : announced) {
            assertThat(Blocks.hash(block.header())).isEqualTo(block.blockHash());
            assertThat(Blocks.signatureValid(block.blockHash(), block.signature(), NODE_KEY.verifyingKey())).isTrue();
            assertThat(block.signer()).isEqualTo(NODE_KEY.verifyingKey().keyId());
            assertThat(block.header().txCount()).isEqualTo(block.transactions().size());
            assertThat(MerkleTree.rootHex(block.transactions().stream().map(CommittedTransaction::txHash).toList()))
                    .isEqualTo(block.header().merkleRoot());
            assertThat(block.header().timestamp().getNano() % 1_000_000).isZero();
        }
        var committedTxs = announced.stream().flatMap(block -> block.transactions().stream()).toList();
        for (Committed place : places) {
            assertThat(committedTxs).filteredOn(tx -> tx.transaction().id().equals(place.txId()))
                    .singleElement()
                    .satisfies(tx -> {
                        assertThat(tx.leafIndex()).isEqualTo(place.leafIndex());
                        assertThat(tx.txHash()).isEqualTo(place.txHash());
                    });
        }
        assertThat(committedTxs.stream().map(CommittedTransaction::transaction).filter(txs::contains)).hasSize(2);
    }

    @Test
    void aTransactionDeliveredAgainIsCommittedOnce() throws Exception {
        String patient = TestInitiator.unique("p-dup");
        Transaction first = INITIATOR.recordAccessed(patient);
        Transaction second = INITIATOR.recordAccessed(patient);
        committer.stop();
        try {
            // twice in one batch
            publish(first);
            publish(first);
            publish(second);
        } finally {
            committer.start();
        }
        awaitCommitted(List.of(first, second));

        // once more after it was committed, followed by a new one
        Transaction third = INITIATOR.recordAccessed(patient);
        publish(first);
        var lastPublished = publish(third);
        Committed thirdPlace = awaitCommitted(List.of(third)).getFirst();

        assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_tx WHERE tx_id = ?", Integer.class, first.id()))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT tx_count FROM block WHERE shard = ? AND height = ?", Integer.class,
                thirdPlace.shard(), thirdPlace.height())).isEqualTo(1);
        var announced = awaitAnnounced(List.of(first.id(), second.id(), third.id()));
        assertThat(announced.stream().flatMap(block -> block.transactions().stream())
                .filter(tx -> tx.transaction().id().equals(first.id()))).hasSize(1);
        // the redelivered record was consumed all the same
        assertThat(storedOffset(lastPublished.partition())).isGreaterThan(lastPublished.offset());
    }

    @Test
    void announcedBlocksCarryTheirLogFrontierAndASignedCheckpointTheirTransactionsAreProvenIn() throws Exception {
        String patient = TestInitiator.unique("p-log");
        List<Transaction> first = List.of(INITIATOR.recordAccessed(patient), INITIATOR.recordAccessed(patient));
        for (Transaction tx : first) {
            publish(tx);
        }
        awaitCommitted(first);
        Transaction later = INITIATOR.recordAccessed(patient);
        publish(later);
        awaitCommitted(List.of(later));
        var ids = new ArrayList<>(first.stream().map(Transaction::id).toList());
        ids.add(later.id());

        List<BlockCommitted> announced = awaitAnnounced(ids);

        assertThat(announced).hasSizeGreaterThanOrEqualTo(2);
        for (BlockCommitted block : announced) {
            assertThat(block.checkpoint()).as("checkpoint of block " + block.header().height()).isNotNull();
            Checkpoint checkpoint = Checkpoint.verify(block.checkpoint(), NODE_KEY.verifyingKey());
            assertThat(checkpoint.origin()).isEqualTo(LedgerSettings.DEFAULT_ORIGIN);
            assertThat(checkpoint.shards()).hasSize(RealInfrastructure.PARTITIONS);
            Checkpoint.ShardLog stated = checkpoint.shard(block.header().shard());
            assertThat(stated.size()).isEqualTo(block.header().logSize());

            long firstLeaf = block.header().logSize() - block.header().txCount();
            var frontier = LogFrontier.of(firstLeaf, block.logFrontier().stream().map(Hex::parseHash).toList());
            var leaves = block.transactions().stream()
                    .map(tx -> MerkleTree.leafHash(Hex.parseHash(tx.txHash()))).toList();
            var slice = new LogSlice(frontier, leaves);
            assertThat(Hex.of(slice.root())).isEqualTo(stated.root());
            for (CommittedTransaction tx : block.transactions()) {
                MerkleProofs.verifyInclusion(MerkleTree.leafHash(Hex.parseHash(tx.txHash())), tx.leafIndex(),
                        stated.size(), slice.inclusionProof(tx.leafIndex()), Hex.parseHash(stated.root()));
            }
            // the checkpoint is stored with its block, byte for byte
            assertThat(storedCheckpoint(block.header().shard(), block.header().height())).isEqualTo(block.checkpoint());
        }
    }

    @Test
    void everyCheckpointIsAlsoPublishedOnTheCheckpointTopicKeyedByOrigin() throws Exception {
        Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-cp-topic"));
        publish(tx);
        Committed place = awaitCommitted(List.of(tx)).getFirst();
        String stored = storedCheckpoint(place.shard(), place.height());

        await().atMost(PATIENCE).until(() -> !checkpointsSignedAfter(place.shard(), place.height()).isEmpty());

        var signed = checkpointsSignedAfter(place.shard(), place.height());
        assertThat(signed).first().satisfies(entry -> {
            assertThat(entry.getKey()).isEqualTo(LedgerSettings.DEFAULT_ORIGIN);
            assertThat(entry.getValue()).isEqualTo(new CheckpointSigned(LedgerSettings.DEFAULT_ORIGIN, place.shard(),
                    place.height(), stored));
        });
        await().atMost(PATIENCE).until(() -> Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT published FROM checkpoint WHERE shard = ? AND height = ?", Boolean.class, place.shard(),
                place.height())));
    }
}
