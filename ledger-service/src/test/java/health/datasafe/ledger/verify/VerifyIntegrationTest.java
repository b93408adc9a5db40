package health.datasafe.ledger.verify;

import health.datasafe.contracts.Role;
import health.datasafe.contracts.Transaction;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.LogFrontier;
import health.datasafe.integrity.MerkleNode;
import health.datasafe.integrity.Sha256;
import health.datasafe.ledger.LedgerServiceTestBase;
import health.datasafe.ledger.TestInitiator;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.ConnectionCallback;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class VerifyIntegrationTest extends LedgerServiceTestBase {

    @Test
    void theWholeLedgerVerifiesFromGenesis() throws Exception {
        Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-verify"));
        publish(tx);
        awaitCommitted(List.of(tx));

        var response = get("/api/ledger/verify", token("auditor-1", Role.AUDITOR));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var result = body(response);
        assertThat(result.get("valid").asBoolean()).as(response.body()).isTrue();
        assertThat(result.get("blocks").asLong()).isPositive();
        assertThat(result.get("transactions").asLong()).isGreaterThanOrEqualTo(result.get("blocks").asLong());
    }

    @Test
    void everyBlockAndTransactionOfEveryShardIsVerified() throws Exception {
        var transactions = new ArrayList<Transaction>();
        var shards = new HashSet<Integer>();
        while (shards.size() < RealInfrastructure.PARTITIONS) {
            Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-shards"));
            shards.add(publish(tx).partition());
            transactions.add(tx);
        }
        awaitCommitted(transactions);
        long blocksBefore = count("block");
        long transactionsBefore = count("ledger_tx");

        var result = body(get("/api/ledger/verify", token("auditor-1", Role.AUDITOR)));

        assertThat(result.get("valid").asBoolean()).as(result.toString()).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT shard) FROM block", Long.class))
                .isEqualTo(RealInfrastructure.PARTITIONS);
        // as many as the tables hold (blocks committed meanwhile would count in the second reading only)
        assertThat(result.get("blocks").asLong()).isBetween(blocksBefore, count("block"));
        assertThat(result.get("transactions").asLong()).isBetween(transactionsBefore, count("ledger_tx"));
    }

    @Test
    void aBlockWhoseTransactionRowsAreGoneFailsAtThatBlock() throws Exception {
        Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-rows-gone"));
        publish(tx);
        Committed place = awaitCommitted(List.of(tx)).getFirst();
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT tx_id, shard, height, leaf_index, tx_hash, canonical_json, patient_id FROM ledger_tx
                WHERE shard = ? AND height = ? ORDER BY leaf_index""", place.shard(), place.height());
        try {
            jdbc.update("DELETE FROM ledger_tx WHERE shard = ? AND height = ?", place.shard(), place.height());

            var result = body(get("/api/ledger/verify", token("auditor-1", Role.AUDITOR)));

            assertThat(result.get("valid").asBoolean()).as(result.toString()).isFalse();
            assertThat(result.get("failure").asString()).isEqualTo("HeaderInconsistent");
            assertThat(result.get("shard").asInt()).isEqualTo(place.shard());
            assertThat(result.get("height").asLong()).isEqualTo(place.height());
            assertThat(result.get("detail").asString()).contains("txCount");
        } finally {
            for (Map<String, Object> row : rows) {
                jdbc.update("""
                                INSERT INTO ledger_tx (tx_id, shard, height, leaf_index, tx_hash, canonical_json, patient_id)
                                VALUES (?, ?, ?, ?, ?, ?, ?)""", row.get("tx_id"), row.get("shard"), row.get("height"),
                        row.get("leaf_index"), row.get("tx_hash"), row.get("canonical_json"), row.get("patient_id"));
            }
        }
        var repaired = body(get("/api/ledger/verify", token("auditor-1", Role.AUDITOR)));
        assertThat(repaired.get("valid").asBoolean()).as(repaired.toString()).isTrue();
    }

    @Test
    void aTransactionRowThatNoBlockHoldsIsFound() throws Exception {
        Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-orphan"));
        publish(tx);
        int shard = awaitCommitted(List.of(tx)).getFirst().shard();
        String orphanId = "orphan-" + UUID.randomUUID();
        try {
            byte[] txHash = insertWithoutBlock(orphanId, shard);

            var result = body(get("/api/ledger/verify", token("auditor-1", Role.AUDITOR)));

            assertThat(result.get("valid").asBoolean()).as(result.toString()).isFalse();
            assertThat(result.get("failure").asString()).isEqualTo("TransactionWithoutBlock");
            assertThat(result.get("shard").asInt()).isEqualTo(shard);
            assertThat(result.get("height").asLong()).isEqualTo(NO_SUCH_HEIGHT);
            assertThat(result.get("detail").asString()).contains(Hex.of(txHash));
        } finally {
            jdbc.update("DELETE FROM ledger_tx WHERE tx_id = ?", orphanId);
        }
        var repaired = body(get("/api/ledger/verify", token("auditor-1", Role.AUDITOR)));
        assertThat(repaired.get("valid").asBoolean()).as(repaired.toString()).isTrue();
    }

    @Test
    void theFailureReportedIsTheFirstInChainOrderThoughALaterOneIsReadFirst() throws Exception {
        // a transaction in the last shard's latest block, and after it a row that no block holds: reading meets the
        // row without block before the earlier block is verified, and must still report that block
        int lastShard = RealInfrastructure.PARTITIONS - 1;
        Transaction tx;
        do {
            tx = INITIATOR.recordAccessed(TestInitiator.unique("p-order"));
        } while (publish(tx).partition() != lastShard);
        Committed place = awaitCommitted(List.of(tx)).getFirst();
        byte[] original = jdbc.queryForObject("SELECT canonical_json FROM ledger_tx WHERE tx_id = ?", byte[].class,
                tx.id());
        String orphanId = "orphan-" + UUID.randomUUID();
        try {
            jdbc.update("UPDATE ledger_tx SET canonical_json = ? WHERE tx_id = ?",
                    new String(original, StandardCharsets.UTF_8).replace("TREATMENT", "RESEARCH")
                            .getBytes(StandardCharsets.UTF_8), tx.id());
            insertWithoutBlock(orphanId, lastShard);

            var result = body(get("/api/ledger/verify", token("auditor-1", Role.AUDITOR)));

            assertThat(result.get("valid").asBoolean()).as(result.toString()).isFalse();
            assertThat(result.get("failure").asString()).isEqualTo("TransactionHashMismatch");
            assertThat(result.get("shard").asInt()).isEqualTo(lastShard);
            assertThat(result.get("height").asLong()).isEqualTo(place.height());
        } finally {
            jdbc.update("DELETE FROM ledger_tx WHERE tx_id = ?", orphanId);
            jdbc.update("UPDATE ledger_tx SET canonical_json = ? WHERE tx_id = ?", original, tx.id());
        }
        var repaired = body(get("/api/ledger/verify", token("auditor-1", Role.AUDITOR)));
        assertThat(repaired.get("valid").asBoolean()).as(repaired.toString()).isTrue();
    }

    @Test
    void anEditedTransactionRowIsFoundWithItsHeightAndBothHashes() throws Exception {
        Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-tamper"));
        publish(tx);
        Committed place = awaitCommitted(List.of(tx)).getFirst();
        byte[] original = jdbc.queryForObject("SELECT canonical_json FROM ledger_tx WHERE tx_id = ?", byte[].class, tx.id());
        try {
            int edited = jdbc.update("""
                    UPDATE ledger.ledger_tx SET canonical_json = convert_to(replace(convert_from(canonical_json, 'UTF8'),
                        'TREATMENT', 'RESEARCH'), 'UTF8')
                    WHERE tx_id = ?""", tx.id());
            assertThat(edited).isEqualTo(1);
            byte[] tampered = jdbc.queryForObject("SELECT canonical_json FROM ledger_tx WHERE tx_id = ?", byte[].class, tx.id());

            var response = get("/api/ledger/verify", token("admin-1", Role.ADMIN));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            var result = body(response);
            assertThat(result.get("valid").asBoolean()).as(response.body()).isFalse();
            assertThat(result.get("shard").asInt()).isEqualTo(place.shard());
            assertThat(result.get("height").asLong()).isEqualTo(place.height());
            assertThat(result.get("failure").asString()).isEqualTo("TransactionHashMismatch");
            assertThat(result.get("expected").asString()).isEqualTo(place.txHash());
            assertThat(result.get("actual").asString()).isEqualTo(Sha256.hex(tampered));
            assertThat(result.get("detail").asString()).contains(place.txHash());
        } finally {
            jdbc.update("UPDATE ledger_tx SET canonical_json = ? WHERE tx_id = ?", original, tx.id());
        }
        var repaired = body(get("/api/ledger/verify", token("auditor-1", Role.AUDITOR)));
        assertThat(repaired.get("valid").asBoolean()).as(repaired.toString()).isTrue();
    }

    @Test
    void patientsAndCliniciansMayNotVerifyTheLedger() throws Exception {
        for (Role role : List.of(Role.PATIENT, Role.CLINICIAN)) {
            var response = get("/api/ledger/verify", token("someone", role));
            assertThat(response.statusCode()).as(role.name()).isEqualTo(403);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
        }
    }

    @Test
    void verificationWithoutAValidTokenIsRefused() throws Exception {
        assertThat(get("/api/ledger/verify", null).statusCode()).isEqualTo(401);
        String expired = RealInfrastructure.tokens()
                .mint("auditor-1", Role.AUDITOR, Duration.ofMinutes(-5));
        assertThat(get("/api/ledger/verify", expired).statusCode()).isEqualTo(401);
    }

    @Test
    void aBlockSignedByAnUnknownKeyFailsVerification() throws Exception {
        Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-resign"));
        publish(tx);
        Committed place = awaitCommitted(List.of(tx)).getFirst();
        String signer = jdbc.queryForObject("SELECT signer FROM block WHERE shard = ? AND height = ?", String.class,
                place.shard(), place.height());
        try {
            jdbc.update("UPDATE block SET signer = 'unknown-signer' WHERE shard = ? AND height = ?", place.shard(),
                    place.height());

            var result = body(get("/api/ledger/verify", token("auditor-1", Role.AUDITOR)));

            assertThat(result.get("valid").asBoolean()).isFalse();
            assertThat(result.get("failure").asString()).isEqualTo("SignatureInvalid");
            assertThat(result.get("height").asLong()).isEqualTo(place.height());
            assertThat(result.get("shard").asInt()).isEqualTo(place.shard());
        } finally {
            jdbc.update("UPDATE block SET signer = ? WHERE shard = ? AND height = ?", signer, place.shard(), place.height());
        }
    }

    @Test
    void anEditedCheckpointIsFoundWithItsBlock() throws Exception {
        Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-cp-tamper"));
        publish(tx);
        Committed place = awaitCommitted(List.of(tx)).getFirst();
        String note = storedCheckpoint(place.shard(), place.height());
        String[] lines = note.split("\n", -1);
        // another size for the block's shard, the signature left as it was
        String line = lines[1 + place.shard()];
        String[] fields = line.split(" ");
        lines[1 + place.shard()] = fields[0] + " " + (Long.parseLong(fields[1]) + 1) + " " + fields[2];
        String edited = String.join("\n", lines);
        try {
            jdbc.update("UPDATE checkpoint SET note = ? WHERE shard = ? AND height = ?", edited, place.shard(),
                    place.height());

            var result = body(get("/api/ledger/verify", token("auditor-1", Role.AUDITOR)));

            assertThat(result.get("valid").asBoolean()).as(result.toString()).isFalse();
            assertThat(result.get("failure").asString()).isEqualTo("CheckpointSignatureInvalid");
            assertThat(result.get("shard").asInt()).isEqualTo(place.shard());
            assertThat(result.get("height").asLong()).isEqualTo(place.height());
        } finally {
            jdbc.update("UPDATE checkpoint SET note = ? WHERE shard = ? AND height = ?", note, place.shard(),
                    place.height());
        }
        var repaired = body(get("/api/ledger/verify", token("auditor-1", Role.AUDITOR)));
        assertThat(repaired.get("valid").asBoolean()).as(repaired.toString()).isTrue();
        assertThat(repaired.get("checkpoints").asLong()).isGreaterThan(1);
    }

    @Test
    void anEditedMerkleNodeAtAShardsTipIsFound() throws Exception {
        // two transactions of one patient, one shard: its log has at least 2 leaves, so a node above the leaves
        String patient = TestInitiator.unique("p-node-tamper");
        List<Transaction> txs = List.of(INITIATOR.recordAccessed(patient), INITIATOR.recordAccessed(patient));
        for (Transaction tx : txs) {
            publish(tx);
        }
        Committed place = awaitCommitted(txs).getLast();
        // the smallest node of the shard's frontier stored in merkle_node (leaves are the tx hashes of ledger_tx)
        long size = jdbc.queryForObject("SELECT max(log_size) FROM block WHERE shard = ?", Long.class, place.shard());
        MerkleNode node = LogFrontier.nodesOf(size).stream().filter(n -> n.level() > 0).toList().getLast();
        byte[] hash = jdbc.queryForObject("SELECT hash FROM merkle_node WHERE shard = ? AND level = ? AND idx = ?",
                byte[].class, place.shard(), node.level(), node.index());
        try {
            jdbc.update("UPDATE merkle_node SET hash = ? WHERE shard = ? AND level = ? AND idx = ?",
                    Sha256.hash(hash), place.shard(), node.level(), node.index());

            var result = body(get("/api/ledger/verify", token("auditor-1", Role.AUDITOR)));

            assertThat(result.get("valid").asBoolean()).as(result.toString()).isFalse();
            assertThat(result.get("failure").asString()).isEqualTo("StoredLogMismatch");
            assertThat(result.get("shard").asInt()).isEqualTo(place.shard());
        } finally {
            jdbc.update("UPDATE merkle_node SET hash = ? WHERE shard = ? AND level = ? AND idx = ?", hash, place.shard(),
                    node.level(), node.index());
        }
    }

    /** Beyond any block and leaf the committer will reach while such a row is there. */
    private static final long NO_SUCH_HEIGHT = 1_000_000_000L;

    /**
     * Stores a transaction row of {@code shard} at height and leaf {@link #NO_SUCH_HEIGHT}, which no block holds; the
     * foreign key to block refuses it, so it is switched off (a superuser may) for the one transaction. Answers its
     * tx hash.
     */
    private byte[] insertWithoutBlock(String txId, int shard) {
        byte[] txHash = Sha256.hash(txId.getBytes(StandardCharsets.UTF_8));
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            connection.setAutoCommit(false);
            try (Statement off = connection.createStatement();
                 PreparedStatement insert = connection.prepareStatement("""
                         INSERT INTO ledger_tx (tx_id, shard, height, leaf_index, tx_hash, canonical_json)
                         VALUES (?, ?, ?, ?, ?, ?)""")) {
                off.execute("SET LOCAL session_replication_role = replica");
                insert.setString(1, txId);
                insert.setInt(2, shard);
                insert.setLong(3, NO_SUCH_HEIGHT);
                insert.setLong(4, NO_SUCH_HEIGHT);
                insert.setBytes(5, txHash);
                insert.setBytes(6, "{}".getBytes(StandardCharsets.UTF_8));
                insert.executeUpdate();
                connection.commit();
            } finally {
                connection.setAutoCommit(true);
            }
            return null;
        });
        return txHash;
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }
}
