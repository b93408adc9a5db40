package health.datasafe.ledger.verify;

import health.datasafe.contracts.Role;
import health.datasafe.contracts.Transaction;
import health.datasafe.ledger.LedgerServiceTestBase;
import health.datasafe.ledger.TestInitiator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PublishedCheckpointIntegrationTest extends LedgerServiceTestBase {

    /** The tables a truncation touches, in the order rows are removed (and the reverse to put them back). */
    private static final List<String> TABLES = List.of("checkpoint", "ledger_tx", "merkle_node", "block");

    @Test
    void aShardTruncatedWithItsCheckpointFailsAgainstTheCheckpointItPublished() throws Exception {
        Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-truncate"));
        publish(tx);
        Committed place = awaitCommitted(List.of(tx)).getFirst();
        await().atMost(PATIENCE).until(() -> !checkpointsSignedAfter(place.shard(), place.height()).isEmpty());
        long size = logSize(place.shard(), place.height());
        long sizeBefore = size - jdbc.queryForObject("SELECT tx_count FROM block WHERE shard = ? AND height = ?",
                Integer.class, place.shard(), place.height());
        var before = body(get("/api/ledger/verify", token("auditor-1", Role.AUDITOR)));
        assertThat(before.get("valid").asBoolean()).as(before.toString()).isTrue();
        try {
            truncate(place.shard(), place.height(), sizeBefore);

            var result = body(get("/api/ledger/verify", token("auditor-1", Role.AUDITOR)));

            assertThat(result.get("valid").asBoolean()).as(result.toString()).isFalse();
            assertThat(result.get("failure").asString()).isEqualTo("PublishedCheckpointNotReached");
            assertThat(result.get("shard").asInt()).isEqualTo(place.shard());
            assertThat(result.get("height").asLong()).isEqualTo(place.height());
            assertThat(result.get("expected").asString()).isEqualTo(Long.toString(size));
            assertThat(result.get("actual").asString()).isEqualTo(Long.toString(sizeBefore));
        } finally {
            restore();
        }
        var repaired = body(get("/api/ledger/verify", token("auditor-1", Role.AUDITOR)));
        assertThat(repaired.get("valid").asBoolean()).as(repaired.toString()).isTrue();
    }

    /**
     * Removes the shard's newest block as someone with write access to the database would, together with everything
     * that would give it away there: its checkpoint, its transaction rows and the Merkle nodes its leaves completed.
     * The rows are kept aside in copies of the tables, to be put back by {@link #restore()}.
     */
    private void truncate(int shard, long height, long sizeBefore) {
        String block = "shard = %d AND height = %d".formatted(shard, height);
        String nodes = "shard = %d AND (idx + 1) * (1::bigint << level) > %d".formatted(shard, sizeBefore);
        for (String table : TABLES) {
            String rows = table.equals("merkle_node") ? nodes : block;
            jdbc.execute("CREATE TABLE truncated_%s AS SELECT * FROM %s WHERE %s".formatted(table, table, rows));
            jdbc.execute("DELETE FROM %s WHERE %s".formatted(table, rows));
        }
    }

    private void restore() {
        // block.genesis_hash is generated: PostgreSQL computes it again, it cannot be written
        jdbc.execute("ALTER TABLE truncated_block DROP COLUMN genesis_hash");
        for (String table : TABLES.reversed()) {
            jdbc.execute("INSERT INTO %s SELECT * FROM truncated_%s".formatted(table, table));
            jdbc.execute("DROP TABLE truncated_%s".formatted(table));
        }
    }
}
