package health.datasafe.ledger.block;

import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.kit.rebuild.Replay;
import health.datasafe.ledger.LedgerServiceTestBase;
import health.datasafe.ledger.TestInitiator;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LedgerReplayIntegrationTest extends LedgerServiceTestBase {

    private static final List<String> TABLES = List.of(
            "SELECT shard, height, hash, previous_hash, merkle_root, tx_count, log_size, block_timestamp, signer, signature"
                    + " FROM block ORDER BY shard, height",
            "SELECT tx_id, shard, height, leaf_index, tx_hash, canonical_json, patient_id FROM ledger_tx"
                    + " ORDER BY shard, leaf_index",
            "SELECT shard, level, idx, hash FROM merkle_node ORDER BY shard, level, idx",
            "SELECT shard, height, note FROM checkpoint ORDER BY shard, height");

    @Autowired
    LedgerReplay replay;

    @Test
    void aReplayIntoAnEmptySchemaRebuildsTheLedgerThisNodeCommittedAndReachesItsNewestCheckpoint() throws Exception {
        var txs = IntStream.range(0, 6).mapToObj(i -> INITIATOR.recordAccessed(TestInitiator.unique("p-replay"))).toList();
        for (var tx : txs) {
            publishInOpenEpoch(tx);
        }
        endEpoch();
        awaitCommitted(txs);
        DataSource target = emptyLedger();
        var progress = new ArrayList<Replay.Progress>();

        LedgerReplay.Replayed replayed = replay.replay(target, progress::add);

        assertThat(replayed.transactions()).isGreaterThanOrEqualTo(txs.size());
        assertThat(progress.getLast().recordsReplayed()).isEqualTo(progress.getLast().recordsTotal());
        for (String table : TABLES) {
            assertThat(rows(new JdbcTemplate(target), table)).as(table).isEqualTo(rows(jdbc, table));
        }
        String newest = jdbc.queryForObject("SELECT note FROM checkpoint ORDER BY id DESC LIMIT 1", String.class);
        replay.confirm(target, Checkpoint.verify(newest, NODE_KEY.verifyingKey()));
    }

    @Test
    void aCheckpointTheReplayDoesNotReachNamesTheShardTheExpectedAndTheRebuiltValues() throws Exception {
        var tx = INITIATOR.recordAccessed(TestInitiator.unique("p-replay-check"));
        publish(tx);
        Committed place = awaitCommitted(List.of(tx)).getFirst();
        DataSource target = emptyLedger();
        replay.replay(target, progress -> { });
        Checkpoint honest = verifiedCheckpoint(place.shard(), place.height());
        var shards = new ArrayList<>(honest.shards());
        Checkpoint.ShardLog stated = shards.get(place.shard());
        String forgedRoot = Hex.of(MerkleTree.leafHash(new byte[32]));

        shards.set(place.shard(), new Checkpoint.ShardLog(place.shard(), stated.size(), forgedRoot));
        assertThatThrownBy(() -> replay.confirm(target, new Checkpoint(honest.origin(), shards)))
                .isInstanceOfSatisfying(RebuiltLogDiffers.class, differs -> {
                    assertThat(differs.shard()).isEqualTo(place.shard());
                    assertThat(differs.height()).isEqualTo(place.height());
                    assertThat(differs.expected()).isEqualTo(forgedRoot);
                    assertThat(differs.actual()).isEqualTo(stated.root());
                });

        shards.set(place.shard(), new Checkpoint.ShardLog(place.shard(), stated.size() + 1_000, stated.root()));
        assertThatThrownBy(() -> replay.confirm(target, new Checkpoint(honest.origin(), shards)))
                .isInstanceOfSatisfying(RebuiltLogDiffers.class, differs -> {
                    assertThat(differs.shard()).isEqualTo(place.shard());
                    assertThat(differs.height()).isEqualTo(-1);
                    assertThat(differs.size()).isEqualTo(stated.size() + 1_000);
                });
    }

    /** A new schema with the ledger's migrations applied, and a data source whose search path starts there. */
    private static DataSource emptyLedger() {
        String schema = "ledger_replay_" + UUID.randomUUID().toString().replace("-", "");
        var db = RealInfrastructure.postgres();
        var dataSource = new DriverManagerDataSource(db.jdbcUrl(schema), db.username(), db.password());
        Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema).load().migrate();
        return dataSource;
    }
}
