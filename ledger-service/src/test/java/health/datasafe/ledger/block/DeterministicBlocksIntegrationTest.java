package health.datasafe.ledger.block;

import health.datasafe.contracts.EpochEnded;
import health.datasafe.contracts.Transaction;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.ledger.LedgerServiceApplication;
import health.datasafe.ledger.LedgerServiceTestBase;
import health.datasafe.ledger.TestInitiator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Blocks are a function of the log: two more ledger nodes with the node key of the one under test, each with a fresh
 * database, read the whole of {@code dsh.tx.validated} (everything every test published so far, poison, stale epoch
 * ends and redeliveries included), one a record per poll and restarted halfway, the other at full speed. They store
 * byte-identical blocks, transactions, log nodes, checkpoints and resume points.
 */
class DeterministicBlocksIntegrationTest extends LedgerServiceTestBase {

    /** Reading every record any test published, one per poll, takes a while. */
    private static final java.time.Duration CATCHING_UP = java.time.Duration.ofMinutes(3);
    private static final List<String> TABLES = List.of(
            "SELECT shard, height, hash, previous_height, previous_hash, merkle_root, tx_count, log_size,"
                    + " block_timestamp, signer, signature FROM block ORDER BY shard, height",
            "SELECT tx_id, shard, height, leaf_index, tx_hash, canonical_json, patient_id FROM ledger_tx"
                    + " ORDER BY shard, leaf_index",
            "SELECT shard, level, idx, hash FROM merkle_node ORDER BY shard, level, idx",
            "SELECT shard, height, note FROM checkpoint ORDER BY shard, height",
            "SELECT topic, kafka_partition, next_offset, epoch FROM consumed_offset ORDER BY topic, kafka_partition");

    @Test
    void twoNodesWithOneKeyFedTheSameLogAtDifferentSpeedsAndWithARestartStoreTheSameLedger() throws Exception {
        EpochEnded halfway = publishWorkload("p-det-1");
        EpochEnded last = publishWorkload("p-det-2");

        ConfigurableApplicationContext slow = node("ledger_det_slow", 1);
        try {
            await().atMost(CATCHING_UP).until(() -> lastEpoch(slow) >= halfway.epoch());
        } finally {
            slow.close();
        }
        ConfigurableApplicationContext slowAgain = node("ledger_det_slow", 1);
        ConfigurableApplicationContext fast = node("ledger_det_fast", 500);
        try {
            await().atMost(CATCHING_UP).until(() -> lastEpoch(slowAgain) >= last.epoch()
                    && lastEpoch(fast) >= last.epoch());

            for (String table : TABLES) {
                List<Map<String, Object>> slowRows = rows(slowAgain, table);
                assertThat(rows(fast, table)).as(table).isEqualTo(slowRows);
                assertThat(slowRows).as(table).isNotEmpty();
            }
        } finally {
            slowAgain.close();
            fast.close();
        }
    }

    /**
     * Three epochs over two patients' shards: several transactions per block, a redelivered transaction, a record that
     * is refused and a stale epoch end in between. Answers the last epoch end.
     */
    private EpochEnded publishWorkload(String prefix) throws Exception {
        String patient = TestInitiator.unique(prefix);
        String other = TestInitiator.unique(prefix);
        List<Transaction> first = IntStream.range(0, 4).mapToObj(i -> INITIATOR.recordAccessed(patient)).toList();
        for (Transaction tx : first) {
            publishInOpenEpoch(tx);
        }
        publishInOpenEpoch(INITIATOR.recordAccessed(other));
        publishRaw(patient, "not a transaction".getBytes(StandardCharsets.UTF_8));
        endEpoch();
        publishInOpenEpoch(first.getFirst());
        publishInOpenEpoch(INITIATOR.recordAccessed(other));
        endEpoch(staleEpoch(), Instant.parse("2020-01-01T00:00:00Z"));
        publishInOpenEpoch(INITIATOR.recordAccessed(patient));
        endEpoch();
        publishInOpenEpoch(INITIATOR.recordAccessed(patient));
        return endEpoch();
    }

    /** Another ledger node with this test's node key and trusted initiator, on a schema of its own. */
    private static ConfigurableApplicationContext node(String schema, int maxPollRecords) {
        Map<String, Object> properties = new HashMap<>(RealInfrastructure.properties(schema));
        properties.put("server.port", 0);
        properties.put("dsh.trust.initiators", INITIATOR.publicKey());
        properties.put("dsh.trust.validators", TestInitiator.VALIDATOR.publicKeyX509());
        properties.put("dsh.ledger.private-key", NODE_KEY.toPkcs8());
        properties.put("spring.kafka.consumer.max-poll-records", maxPollRecords);
        // as command-line arguments: they win over application.yml, unlike the builder's default properties
        String[] arguments = properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(LedgerServiceApplication.class).run(arguments);
    }

    private static long lastEpoch(ConfigurableApplicationContext node) {
        return node.getBean(LedgerStore.class).lastEpoch(BlockCommitter.TOPIC);
    }

    private static List<Map<String, Object>> rows(ConfigurableApplicationContext node, String query) {
        return rows(node.getBean(org.springframework.jdbc.core.JdbcTemplate.class), query);
    }
}
