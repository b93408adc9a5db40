package health.datasafe.ledger.block;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Transaction;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.MerkleProofs;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.integrity.Transactions;
import health.datasafe.ledger.LedgerServiceTestBase;
import health.datasafe.ledger.TestInitiator;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RestartIntegrationTest extends LedgerServiceTestBase {

    @Autowired
    BlockCommitter committer;

    @Test
    void aRestartedCommitterResumesFromTheStoredOffsetsWithoutLossOrRepetition() throws Exception {
        String patient = TestInitiator.unique("p-restart");
        List<Transaction> before = IntStream.range(0, 3).mapToObj(i -> INITIATOR.recordAccessed(patient)).toList();
        // a refused record is dead-lettered again whenever it is read again: it shows where reading resumes
        publishRaw(patient, "not a transaction".getBytes(StandardCharsets.UTF_8));
        RecordMetadata last = null;
        for (Transaction tx : before) {
            last = publish(tx);
        }
        awaitCommitted(before);
        awaitDeadLetters(patient, 1);
        int shard = last.partition();
        long lastBefore = last.offset();
        await().atMost(PATIENCE).until(() -> storedOffset(shard) != null && storedOffset(shard) > lastBefore);

        committer.stop();
        assertThat(committer.isRunning()).isFalse();
        List<Transaction> during = IntStream.range(0, 4).mapToObj(i -> INITIATOR.recordAccessed(patient)).toList();
        for (Transaction tx : during) {
            last = publish(tx);
        }
        assertThat(committed(during.stream().map(Transaction::id).toList())).isEmpty();
        committer.start();

        var all = new ArrayList<>(before);
        all.addAll(during);
        List<Committed> places = awaitCommitted(all);
        assertThat(places).extracting(Committed::shard).containsOnly(shard);
        long firstLeaf = places.getFirst().leafIndex();
        assertThat(places).extracting(Committed::leafIndex)
                .containsExactlyElementsOf(IntStream.range(0, all.size()).mapToObj(i -> firstLeaf + i).toList());
        long lastDuring = last.offset();
        await().atMost(PATIENCE).until(() -> storedOffset(shard) > lastDuring);
        assertThat(storedOffset(shard)).isLessThanOrEqualTo(endOffset(shard));

        // the refused record before the restart was not read again
        assertThat(deadLettersOf(patient)).hasSize(1);
        // every transaction was announced in exactly one block, none twice
        List<String> ids = all.stream().map(Transaction::id).toList();
        List<BlockCommitted> announced = awaitAnnounced(ids);
        for (String id : ids) {
            assertThat(announced.stream().flatMap(block -> block.transactions().stream())
                    .filter(tx -> tx.transaction().id().equals(id))).as(id).hasSize(1);
        }
    }

    @Test
    void aBlockCommittedButNotYetAnnouncedIsAnnouncedWhenTheCommitterStarts() throws Exception {
        Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-outbox"));
        publish(tx);
        Committed place = awaitCommitted(List.of(tx)).getFirst();
        awaitAnnounced(List.of(tx.id()));
        await().atMost(PATIENCE).until(() -> published(place));

        await().atMost(PATIENCE).until(() -> checkpointPublished(place));

        committer.stop();
        // as if the node had stopped between the database commit and the announcements
        jdbc.update("UPDATE block SET published = FALSE WHERE shard = ? AND height = ?", place.shard(), place.height());
        jdbc.update("UPDATE checkpoint SET published = FALSE WHERE shard = ? AND height = ?", place.shard(),
                place.height());
        committer.start();

        await().atMost(PATIENCE).until(() -> published(place) && checkpointPublished(place));
        List<BlockCommitted> announced = announcementsOf(List.of(tx.id()));
        assertThat(announced).hasSize(2);
        // read back from the database: the same frontier and checkpoint as announced at commit time
        assertThat(announced.get(1)).isEqualTo(announced.get(0));
        assertThat(announced.get(1).logFrontier()).isNotNull();
        assertThat(announced.get(1).checkpoint()).isEqualTo(storedCheckpoint(place.shard(), place.height()));
        var signed = checkpointsSignedAfter(place.shard(), place.height());
        assertThat(signed).hasSize(2);
        assertThat(signed.get(1).getValue()).isEqualTo(signed.get(0).getValue());
        byte[] storedHash = jdbc.queryForObject("SELECT hash FROM block WHERE shard = ? AND height = ?", byte[].class,
                place.shard(), place.height());
        assertThat(announced.get(1).blockHash()).isEqualTo(Hex.of(storedHash));
        assertThat(announced.get(1).transactions()).singleElement()
                .satisfies(committed -> assertThat(committed.transaction()).isEqualTo(tx));
    }

    @Test
    void aRestartedCommitterReloadsEachShardsLogAndLaterProofsStillVerify() throws Exception {
        String patient = TestInitiator.unique("p-reload");
        Transaction before = INITIATOR.recordAccessed(patient);
        publish(before);
        Committed first = awaitCommitted(List.of(before)).getFirst();
        Checkpoint then = verifiedCheckpoint(first.shard(), first.height());

        committer.stop();
        committer.start();
        Transaction after = INITIATOR.recordAccessed(patient);
        publish(after);
        Committed second = awaitCommitted(List.of(after)).getFirst();

        assertThat(second.leafIndex()).isGreaterThan(first.leafIndex());
        assertProvenIn(second.shard(), second.height(), then, before, after);
    }

    @Test
    void aShardWhoseLogNodesAreMissingHasItsLogRebuiltFromItsTransactionsOnce() throws Exception {
        String patient = TestInitiator.unique("p-rebuild");
        Transaction before = INITIATOR.recordAccessed(patient);
        publish(before);
        Committed first = awaitCommitted(List.of(before)).getFirst();
        Checkpoint then = verifiedCheckpoint(first.shard(), first.height());

        committer.stop();
        List<Map<String, Object>> nodes = nodesOf(first.shard());
        // as a ledger committed before its Merkle log was kept
        jdbc.update("DELETE FROM merkle_node WHERE shard = ?", first.shard());
        committer.start();

        await().atMost(PATIENCE).until(() -> nodesOf(first.shard()).size() >= nodes.size());
        assertThat(nodesOf(first.shard())).containsExactlyElementsOf(nodes);
        Transaction after = INITIATOR.recordAccessed(patient);
        publish(after);
        Committed second = awaitCommitted(List.of(after)).getFirst();
        assertProvenIn(second.shard(), second.height(), then, before, after);
    }

    /**
     * The checkpoint after block {@code height} verifies, both transactions are proven in it by the inclusion
     * endpoint, it is consistent with the earlier checkpoint, and the whole ledger still verifies.
     */
    private void assertProvenIn(int shard, long height, Checkpoint earlier, Transaction... transactions) throws Exception {
        Checkpoint now = verifiedCheckpoint(shard, height);
        Checkpoint.ShardLog log = now.shard(shard);
        String token = token(transactions[0].patientId(), Role.PATIENT);
        for (Transaction tx : transactions) {
            String txHash = Transactions.hash(tx);
            var proof = body(get("/api/ledger/proofs/inclusion?txHash=" + txHash + "&treeSize=" + log.size(), token));
            assertThat(proof.get("root").asString()).isEqualTo(log.root());
            MerkleProofs.verifyInclusion(MerkleTree.leafHash(Hex.parseHash(txHash)), proof.get("leafIndex").asLong(),
                    log.size(), hashes(proof.get("proof")), Hex.parseHash(log.root()));
        }
        Checkpoint.ShardLog old = earlier.shard(shard);
        var consistency = body(get("/api/ledger/proofs/consistency?shard=" + shard + "&from=" + old.size() + "&to="
                + log.size(), token));
        MerkleProofs.verifyConsistency(old.size(), log.size(), hashes(consistency.get("proof")),
                Hex.parseHash(old.root()), Hex.parseHash(log.root()));
        var verification = body(get("/api/ledger/verify", token("auditor-1", Role.AUDITOR)));
        assertThat(verification.get("valid").asBoolean()).as(verification.toString()).isTrue();
    }

    private static List<byte[]> hashes(JsonNode array) {
        var hashes = new ArrayList<byte[]>();
        array.forEach(hash -> hashes.add(Hex.parseHash(hash.asString())));
        return hashes;
    }

    private List<Map<String, Object>> nodesOf(int shard) {
        return jdbc.queryForList("SELECT level, idx, encode(hash, 'hex') AS hash FROM merkle_node WHERE shard = ?"
                + " ORDER BY level, idx", shard);
    }

    private boolean checkpointPublished(Committed place) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT published FROM checkpoint WHERE shard = ? AND height = ?",
                Boolean.class, place.shard(), place.height()));
    }

    private boolean published(Committed place) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT published FROM block WHERE shard = ? AND height = ?",
                Boolean.class, place.shard(), place.height()));
    }
}
