package health.datasafe.recovery.rebuild;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.CheckpointSigned;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.devsupport.TestLedger;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.recovery.RecoveryServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The recovery-service's own state rebuilt by replay at {@code /api/recovery-witness/rebuilds}: the witness copy from
 * the blocks topic, the newest checkpoint from the checkpoints topic, the incidents from the alerts topic.
 */
class RecoveryRebuildIntegrationTest extends RecoveryServiceTestBase {

    private static final String REBUILDS = "/api/recovery-witness/rebuilds";
    private static final Duration REBUILDING = Duration.ofMinutes(2);
    private static final String BLOCKS = "SELECT shard, height, block_hash, previous_hash, merkle_root, tx_count,"
            + " log_size, block_timestamp, signer, signature FROM witnessed_block WHERE shard = ? ORDER BY height";
    private static final String TRANSACTIONS = "SELECT * FROM witnessed_transaction WHERE shard = ?"
            + " ORDER BY height, position";
    private static final String INCIDENTS = "SELECT source, shard, height, failure, expected, actual, fingerprint,"
            + " detected_at FROM integrity_incident WHERE shard = ? ORDER BY id";

    @Autowired
    JdbcTemplate jdbc;

    private final TestLedger ledger = new TestLedger(LEDGER_KEY);

    @Test
    void anEmptiedWitnessCopyIsRebuiltAsItWasWithItsIncidentsAndTheListenersGoOn() throws Exception {
        int shard = newShard();
        BlockCommitted first = ledger.block(shard, read("p1"), read("p2"));
        BlockCommitted second = ledger.block(shard, read("p3"));
        BlockCommitted third = ledger.block(shard, read("p4"), read("p5"));
        commit(first);
        commit(second);
        deliver(tampered(third));
        awaitIncident(shard, 2);
        commit(third);
        awaitWitnessed(shard, 2);
        String origin = "test.local/rebuild-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.send(Topics.LEDGER_CHECKPOINTS, origin, json.writeValueAsBytes(new CheckpointSigned(origin, shard, 2,
                checkpoint(origin, shard, 5, List.of(first, second, third))))).get(10, TimeUnit.SECONDS);
        await().atMost(PATIENCE).until(() -> checkpointOf(origin).size() == 1);
        await().atMost(PATIENCE).until(() -> alerts(shard).size() == 1);
        var blocks = jdbc.queryForList(BLOCKS, shard);
        var transactions = jdbc.queryForList(TRANSACTIONS, shard);
        var incidents = jdbc.queryForList(INCIDENTS, shard);
        var checkpoint = checkpointOf(origin);
        assertThat(blocks).hasSize(3);
        assertThat(transactions).hasSize(5);
        assertThat(incidents).hasSize(1);
        emptyTheWitnessTables();
        assertThat(witnessTip(shard)).isEmpty();

        HttpResponse<String> started = start("", admin());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo(REBUILDS + "/" + json.readTree(started.body()).get("id").asString());
        JsonNode done = awaitFinished(location);

        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(done.get("service").asString()).isEqualTo("recovery-service");
        assertThat(done.get("recordsReplayed").asLong()).isEqualTo(done.get("recordsTotal").asLong()).isPositive();
        assertThat(jdbc.queryForList(BLOCKS, shard)).isEqualTo(blocks);
        assertThat(jdbc.queryForList(TRANSACTIONS, shard)).isEqualTo(transactions);
        assertThat(jdbc.queryForList(INCIDENTS, shard)).isEqualTo(incidents);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM integrity_incident WHERE shard = ? AND alerted_at IS NULL",
                Integer.class, shard)).isZero();
        assertThat(checkpointOf(origin)).isEqualTo(checkpoint);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'recovery\\_replaced\\_%'",
                Integer.class)).isPositive();
        assertThat(alerts(shard)).hasSize(1);

        BlockCommitted fourth = ledger.block(shard, read("p6"));
        commit(fourth);
        assertThat(awaitWitnessed(shard, 3).get("blockHash").asString()).isEqualTo(fourth.blockHash());
    }

    @Test
    void aRebuildAskedThroughTheRecoveryRebuildsEndpointIsFollowedUntilDone() throws Exception {
        int shard = newShard();
        commit(ledger.block(shard, read("p1")));
        awaitWitnessed(shard, 0);
        String admin = admin();

        var started = await().atMost(PATIENCE).until(() -> send("POST", "/api/recovery/rebuilds", admin,
                "application/json", "{\"service\":\"recovery-service\"}"), response -> response.statusCode() != 409);

        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        JsonNode done = await().atMost(REBUILDING).until(() -> json.readTree(call("GET", location, admin).body()),
                status -> !"RUNNING".equals(status.get("state").asString()));
        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(done.get("service").asString()).isEqualTo("recovery-service");
        assertThat(witnessTip(shard)).isPresent();
    }

    @Test
    void aBlockTheLiveCopyHoldsAndTheTopicLacksFailsTheRebuildNamingItAndKeepsTheCopy() throws Exception {
        int shard = newShard();
        String hash = "ab".repeat(32);
        jdbc.update("INSERT INTO witnessed_block (shard, height, block_hash, previous_hash, merkle_root, tx_count,"
                + " log_size, block_timestamp, signer, signature) VALUES (?, 0, ?, ?, ?, 0, 0, now(), 'k', 's')",
                shard, hash, "00".repeat(32), "cd".repeat(32));
        try {
            JsonNode done = awaitFinished(location(start("", admin())));

            assertThat(done.get("state").asString()).isEqualTo("FAILED");
            assertThat(done.get("failure").asString()).contains("shard " + shard, "block 0", hash, "no such block");
            assertThat(witnessTip(shard).orElseThrow().get("blockHash").asString()).isEqualTo(hash);
        } finally {
            jdbc.update("DELETE FROM witnessed_block WHERE shard = ?", shard);
        }
    }

    @Test
    void aTrustedCheckpointTheReplayReachesLetsTheRebuildFinishAndOneBeyondItFailsIt() throws Exception {
        int shard = newShard();
        BlockCommitted block = ledger.block(shard, read("p1"), read("p2"));
        commit(block);
        awaitWitnessed(shard, 0);
        String origin = "test.local/rebuild-" + UUID.randomUUID().toString().substring(0, 8);

        String honest = checkpoint(origin, shard, 2, List.of(block));
        JsonNode reached = awaitFinished(location(start(checkpointBody(honest), admin())));
        assertThat(reached.get("state").asString()).as(reached.toString()).isEqualTo("DONE");

        String beyond = checkpoint(origin, shard, 1000, List.of(block));
        JsonNode short_ = awaitFinished(location(start(checkpointBody(beyond), admin())));
        assertThat(short_.get("state").asString()).isEqualTo("FAILED");
        assertThat(short_.get("failure").asString()).contains("shard " + shard, "1000", "reach 2");
        assertThat(witnessTip(shard)).isPresent();
    }

    @Test
    void aCheckpointThatDoesNotParseOrIsNotSignedByATrustedKeyIsRefused() throws Exception {
        int shard = newShard();
        commit(ledger.block(shard, read("p1")));
        String byStranger = Checkpoint.parse(ledger.checkpoint()).sign(Ed25519.SigningKey.generate());

        for (String body : List.of(checkpointBody(byStranger), checkpointBody("not a note"), "{\"checkpoint\":",
                "{\"checkpoint\":null,\"unknown\":1}")) {
            HttpResponse<String> refused = post(body, admin());
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        }
    }

    @Test
    void aSecondRebuildWhileOneRunsIsAConflict() throws Exception {
        HttpResponse<String> first = start("", admin());
        HttpResponse<String> second = post("", admin());

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(awaitFinished(location(first)).get("state").asString()).isEqualTo("DONE");
    }

    @Test
    void onlyAnAdminMayRebuildOrFollowARebuild() throws Exception {
        String running = location(start("", admin()));
        var others = Map.of(
                "patient", RealInfrastructure.tokens().mint("patient-" + UUID.randomUUID(), Role.PATIENT),
                "clinician", RealInfrastructure.tokens().mint("clinician-" + UUID.randomUUID(), Role.CLINICIAN),
                "auditor", auditorToken());
        for (var other : others.entrySet()) {
            assertThat(post("", other.getValue()).statusCode()).as(other.getKey()).isEqualTo(403);
            assertThat(call("GET", running, other.getValue()).statusCode()).as(other.getKey()).isEqualTo(403);
        }
        assertThat(post("", null).statusCode()).isEqualTo(401);
        assertThat(call("GET", running, null).statusCode()).isEqualTo(401);
        assertThat(awaitFinished(running).get("state").asString()).isEqualTo("DONE");
    }

    @Test
    void anUnknownRebuildIsNotFound() throws Exception {
        HttpResponse<String> response = call("GET", REBUILDS + "/no-such-rebuild", admin());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    }

    /** The disaster: the rows are gone, the schema and the service are not. */
    private void emptyTheWitnessTables() {
        jdbc.update("DELETE FROM witnessed_transaction");
        jdbc.update("DELETE FROM witnessed_block");
        jdbc.update("DELETE FROM witnessed_checkpoint");
        jdbc.update("DELETE FROM integrity_incident");
    }

    /**
     * A checkpoint signed with the trusted ledger key stating {@code size} transactions in the shard's log, whose root
     * is that of the given blocks' transactions (every other shard empty).
     */
    private static String checkpoint(String origin, int shard, long size, List<BlockCommitted> blocks) {
        String empty = Hex.of(MerkleTree.emptyRoot());
        var logs = new ArrayList<Checkpoint.ShardLog>();
        IntStream.range(0, shard).forEach(other -> logs.add(new Checkpoint.ShardLog(other, 0, empty)));
        logs.add(new Checkpoint.ShardLog(shard, size, MerkleTree.rootHex(blocks.stream()
                .flatMap(block -> block.transactions().stream()).map(CommittedTransaction::txHash).toList())));
        return new Checkpoint(origin, logs).sign(LEDGER_KEY);
    }

    private List<Map<String, Object>> checkpointOf(String origin) {
        return jdbc.queryForList("SELECT origin, shard, height, note FROM witnessed_checkpoint WHERE origin = ?", origin);
    }

    /** The block with its first transaction altered after signing: the witness finds a TransactionHashMismatch. */
    private static BlockCommitted tampered(BlockCommitted block) {
        Transaction original = block.transactions().getFirst().transaction();
        Transaction altered = new Transaction(original.id(), original.type(), original.patientId(), "someone-else",
                original.payloadHash(), original.metadata(), original.submittedAt(), original.initiator(),
                original.signature());
        var transactions = new ArrayList<>(block.transactions());
        CommittedTransaction first = block.transactions().getFirst();
        transactions.set(0, new CommittedTransaction(altered, first.txHash(), first.leafIndex()));
        return new BlockCommitted(block.header(), block.blockHash(), block.signer(), block.signature(),
                List.copyOf(transactions));
    }

    private JsonNode awaitFinished(String location) {
        String admin = admin();
        return await().atMost(REBUILDING).until(() -> json.readTree(call("GET", location, admin).body()),
                status -> !"RUNNING".equals(status.get("state").asString()));
    }

    /**
     * Starts a rebuild once the previous one has let go: the kit reports a rebuild DONE or FAILED a moment before it
     * takes another (409 meanwhile).
     */
    private HttpResponse<String> start(String body, String token) {
        return await().atMost(PATIENCE).until(() -> post(body, token), response -> response.statusCode() != 409);
    }

    private HttpResponse<String> post(String body, String token) throws Exception {
        return send("POST", REBUILDS, token, "application/json", body);
    }

    private String checkpointBody(String note) {
        return json.writeValueAsString(Map.of("checkpoint", note));
    }

    private static String location(HttpResponse<String> started) {
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return started.headers().firstValue("Location").orElseThrow();
    }

    private static String admin() {
        return RealInfrastructure.tokens().mint("admin-" + UUID.randomUUID().toString().substring(0, 8), Role.ADMIN);
    }

    private Transaction read(String patientId) {
        return ledger.accessed(patientId + "-" + UUID.randomUUID().toString().substring(0, 6), "clinician-1", "rec-1",
                Purpose.TREATMENT);
    }
}
