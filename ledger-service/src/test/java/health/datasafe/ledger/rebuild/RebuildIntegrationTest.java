package health.datasafe.ledger.rebuild;

import health.datasafe.contracts.Role;
import health.datasafe.contracts.Transaction;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.ledger.LedgerServiceTestBase;
import health.datasafe.ledger.TestInitiator;
import health.datasafe.ledger.block.BlockCommitter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RebuildIntegrationTest extends LedgerServiceTestBase {

    private static final Duration REBUILDING = Duration.ofMinutes(2);
    private static final String BLOCKS = "SELECT shard, height, hash, previous_hash, merkle_root, tx_count, log_size,"
            + " block_timestamp, signer, signature FROM block ORDER BY shard, height";
    private static final String TRANSACTIONS = "SELECT tx_id, shard, height, leaf_index, tx_hash, canonical_json"
            + " FROM ledger_tx ORDER BY shard, leaf_index";

    @Autowired
    BlockCommitter committer;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRebuildReplacesTheLedgerWithTheSameOneAndTheNodeGoesOnCommitting() throws Exception {
        List<Transaction> txs = IntStream.range(0, 4).mapToObj(i -> INITIATOR.recordAccessed(TestInitiator.unique("p-rb")))
                .toList();
        for (Transaction tx : txs) {
            publish(tx);
        }
        awaitCommitted(txs);
        var blocks = rows(BLOCKS);
        var transactions = rows(TRANSACTIONS);

        HttpResponse<String> started = post("", admin());
        assertThat(started.statusCode()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/api/ledger/rebuilds/" + body(started).get("id").asString());
        JsonNode done = awaitFinished(location);

        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(done.get("service").asString()).isEqualTo("ledger-service");
        assertThat(done.get("recordsReplayed").asLong()).isEqualTo(done.get("recordsTotal").asLong()).isPositive();
        assertThat(rows(BLOCKS)).isEqualTo(blocks);
        assertThat(rows(TRANSACTIONS)).isEqualTo(transactions);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'ledger\\_replaced\\_%'",
                Integer.class)).isPositive();
        Transaction after = INITIATOR.recordAccessed(TestInitiator.unique("p-rb-after"));
        publish(after);
        awaitCommitted(List.of(after));
        assertValid();
    }

    @Test
    void aRebuildBringsBackTheNewestBlockOfAShardDeletedWithItsCheckpointTransactionsAndLogNodes() throws Exception {
        Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-rb-trunc"));
        publish(tx);
        Committed place = awaitCommitted(List.of(tx)).getFirst();
        var blocks = rows(BLOCKS);
        committer.stop();
        try {
            long logSize = logSize(place.shard(), place.height());
            jdbc.update("DELETE FROM checkpoint WHERE shard = ? AND height = ?", place.shard(), place.height());
            jdbc.update("DELETE FROM ledger_tx WHERE shard = ? AND height = ?", place.shard(), place.height());
            jdbc.update("DELETE FROM merkle_node WHERE shard = ? AND (idx + 1) * (1::bigint << level) > ?",
                    place.shard(), logSize - 1);
            jdbc.update("DELETE FROM block WHERE shard = ? AND height = ?", place.shard(), place.height());
        } finally {
            committer.start();
        }

        JsonNode done = awaitFinished(post("", admin()).headers().firstValue("Location").orElseThrow());

        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(rows(BLOCKS)).isEqualTo(blocks);
        assertThat(committed(List.of(tx.id()))).singleElement().isEqualTo(place);
        assertValid();
    }

    @Test
    void aKeptCheckpointTheReplayDoesNotReachFailsTheRebuildNamingTheShardAndKeepsTheLedger() throws Exception {
        Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-rb-kept"));
        publish(tx);
        Committed place = awaitCommitted(List.of(tx)).getFirst();
        Checkpoint honest = verifiedCheckpoint(place.shard(), place.height());
        var shards = new ArrayList<>(honest.shards());
        String forgedRoot = Hex.of(MerkleTree.leafHash(new byte[32]));
        long size = shards.get(place.shard()).size();
        shards.set(place.shard(), new Checkpoint.ShardLog(place.shard(), size, forgedRoot));
        String kept = new Checkpoint(honest.origin(), shards).sign(NODE_KEY);
        var blocks = rows(BLOCKS);

        JsonNode done = awaitFinished(post(checkpointBody(kept), admin()).headers().firstValue("Location").orElseThrow());

        assertThat(done.get("state").asString()).isEqualTo("FAILED");
        assertThat(done.get("failure").asString()).contains("shard " + place.shard(), "block " + place.height(),
                forgedRoot, honest.shard(place.shard()).root());
        assertThat(rows(BLOCKS)).isEqualTo(blocks);
        Transaction after = INITIATOR.recordAccessed(TestInitiator.unique("p-rb-kept-after"));
        publish(after);
        awaitCommitted(List.of(after));
    }

    @Test
    void aCheckpointThatDoesNotParseOrIsNotSignedByATrustedKeyIsRefusedAndNothingRuns() throws Exception {
        Transaction tx = INITIATOR.recordAccessed(TestInitiator.unique("p-rb-bad"));
        publish(tx);
        Committed place = awaitCommitted(List.of(tx)).getFirst();
        Checkpoint honest = verifiedCheckpoint(place.shard(), place.height());
        String byStranger = honest.sign(Ed25519.SigningKey.generate());

        for (String body : List.of(checkpointBody(byStranger), checkpointBody("not a note"), "{\"checkpoint\":",
                "{\"service\":\"ledger-service\",\"unknown\":1}")) {
            HttpResponse<String> refused = post(body, admin());
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        }
    }

    @Test
    void aSecondRebuildWhileOneRunsIsAConflict() throws Exception {
        HttpResponse<String> first = post("", admin());
        HttpResponse<String> second = post("", admin());

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(409);
        awaitFinished(first.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void onlyAnAdminMayRebuildOrFollowARebuild() throws Exception {
        for (Role role : List.of(Role.PATIENT, Role.CLINICIAN, Role.AUDITOR)) {
            String token = token(role.name().toLowerCase() + "-1", role);
            assertThat(post("", token).statusCode()).as(role.name()).isEqualTo(403);
            assertThat(get("/api/ledger/rebuilds/any", token).statusCode()).as(role.name()).isEqualTo(403);
        }
        assertThat(post("", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/ledger/rebuilds/any", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/ledger/rebuilds/no-such-rebuild", admin()).statusCode()).isEqualTo(404);
    }

    private JsonNode awaitFinished(String location) {
        var last = new JsonNode[1];
        await().atMost(REBUILDING).until(() -> {
            last[0] = body(get(location, admin()));
            return !"RUNNING".equals(last[0].get("state").asString());
        });
        return last[0];
    }

    private void assertValid() throws Exception {
        var verification = body(get("/api/ledger/verify", token("auditor-1", Role.AUDITOR)));
        assertThat(verification.get("valid").asBoolean()).as(verification.toString()).isTrue();
    }

    private String checkpointBody(String note) {
        return json.writeValueAsString(Map.of("checkpoint", note));
    }

    private String admin() {
        return token("admin-1", Role.ADMIN);
    }

    private HttpResponse<String> post(String body, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/ledger/rebuilds"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<Map<String, Object>> rows(String query) {
        return rows(jdbc, query);
    }
}
