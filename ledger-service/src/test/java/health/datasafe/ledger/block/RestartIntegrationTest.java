package health.datasafe.ledger.block;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.Transaction;
import health.datasafe.integrity.Hex;
import health.datasafe.ledger.LedgerServiceTestBase;
import health.datasafe.ledger.TestInitiator;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

        committer.stop();
        // as if the node had stopped between the database commit and the announcement
        jdbc.update("UPDATE block SET published = FALSE WHERE shard = ? AND height = ?", place.shard(), place.height());
        committer.start();

        await().atMost(PATIENCE).until(() -> published(place));
        List<BlockCommitted> announced = announcementsOf(List.of(tx.id()));
        assertThat(announced).hasSize(2);
        assertThat(announced.get(1)).isEqualTo(announced.get(0));
        byte[] storedHash = jdbc.queryForObject("SELECT hash FROM block WHERE shard = ? AND height = ?", byte[].class,
                place.shard(), place.height());
        assertThat(announced.get(1).blockHash()).isEqualTo(Hex.of(storedHash));
        assertThat(announced.get(1).transactions()).singleElement()
                .satisfies(committed -> assertThat(committed.transaction()).isEqualTo(tx));
    }

    private boolean published(Committed place) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT published FROM block WHERE shard = ? AND height = ?",
                Boolean.class, place.shard(), place.height()));
    }
}
