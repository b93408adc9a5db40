package health.datasafe.report.rebuild;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.ReviewFinding;
import health.datasafe.contracts.Role;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.devsupport.TestLedger;
import health.datasafe.devsupport.TokenDefects;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Ed25519;
import health.datasafe.report.ReportServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RebuildIntegrationTest extends ReportServiceTestBase {

    private static final Duration REBUILDING = Duration.ofMinutes(2);
    private static final String ENTRIES = "SELECT transaction_id, patient_id, actor_id, record_id, purpose, outcome,"
            + " reason, at, tx_hash, shard, block_height, leaf_index FROM access_log ORDER BY transaction_id";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anEmptiedAccessLogIsRebuiltAsItWasAndTheListenerGoesOn() throws Exception {
        String patient = uniqueId("patient-rb");
        String clinician = uniqueId("clinician");
        var read = ledger.accessed(patient, clinician, "rec-1", Purpose.TREATMENT);
        var refused = ledger.denied(patient, uniqueId("stranger"), "rec-1", Purpose.RESEARCH, UUID.randomUUID().toString());
        var again = ledger.accessed(patient, clinician, "rec-2", Purpose.OPERATIONS);
        BlockCommitted twice = ledger.block(0, ledger.added(patient, patient, "rec-1"), read);
        publish(twice);
        publish(twice);
        publish(ledger.block(1, refused));
        // the shard's next block, in the same partition: once it is logged, both copies were read
        var breakGlass = ledger.emergencyAccess(patient, clinician, "bg-" + patient, Instant.now().plusSeconds(600)
                .truncatedTo(ChronoUnit.MILLIS));
        var reviewed = ledger.emergencyReviewed(patient, uniqueId("auditor"), "bg-" + patient, ReviewFinding.JUSTIFIED);
        publish(ledger.block(0, again, breakGlass, reviewed));
        String token = tokenOf(patient, Role.PATIENT);
        JsonNode before = awaitEntries(patient, token, 5);
        var entries = jdbc.queryForList(ENTRIES);
        var shardLogs = jdbc.queryForList("SELECT * FROM shard_log ORDER BY shard");

        emptyTheReportTables();
        assertThat(json.readTree(accessLog(patient, token).body()).get("entries")).isEmpty();

        HttpResponse<String> started = post("", admin());
        assertThat(started.statusCode()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/api/reports/rebuilds/" + body(started).get("id").asString());
        JsonNode done = awaitFinished(location);

        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(done.get("service").asString()).isEqualTo("report-service");
        assertThat(done.get("recordsReplayed").asLong()).isEqualTo(done.get("recordsTotal").asLong()).isPositive();
        JsonNode after = json.readTree(accessLog(patient, token).body());
        assertThat(after).isEqualTo(before);
        assertThat(after.get("entries")).hasSize(5);
        assertThat(after.get("entries").get(2).get("outcome").asString()).isEqualTo("BREAK_GLASS");
        assertThat(jdbc.queryForList(ENTRIES)).isEqualTo(entries);
        assertThat(jdbc.queryForList("SELECT * FROM shard_log ORDER BY shard")).isEqualTo(shardLogs);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'report\\_replaced\\_%'",
                Integer.class)).isPositive();

        publish(ledger.block(2, ledger.accessed(patient, clinician, "rec-after", Purpose.TREATMENT)));
        JsonNode goneOn = awaitEntries(patient, token, 6);
        assertThat(goneOn.get("entries").get(5).get("recordId").asString()).isEqualTo("rec-after");
        assertThat(goneOn.get("entries")).hasSize(6);
    }

    @Test
    void aForgedBlockOnTheTopicIsSkippedByTheRebuild() throws Exception {
        String patient = uniqueId("patient-forged");
        String clinician = uniqueId("clinician");
        var forger = new TestLedger(Ed25519.SigningKey.generate());
        publish(forger.block(1, forger.accessed(patient, clinician, "rec-forged", Purpose.TREATMENT)));
        publish(ledger.block(1, ledger.accessed(patient, clinician, "rec-honest", Purpose.TREATMENT)));
        String token = tokenOf(patient, Role.PATIENT);
        JsonNode before = awaitEntries(patient, token, 1);
        assertThat(before.get("entries")).hasSize(1);
        emptyTheReportTables();

        JsonNode done = awaitFinished(location(post("", admin())));

        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
        JsonNode after = json.readTree(accessLog(patient, token).body());
        assertThat(after).isEqualTo(before);
        assertThat(after.toString()).doesNotContain("rec-forged");
    }

    @Test
    void anAccessLogWhoseTableWasDroppedIsRebuilt() throws Exception {
        String patient = uniqueId("patient-dropped");
        publish(ledger.block(0, ledger.accessed(patient, uniqueId("clinician"), "rec-d", Purpose.PAYMENT)));
        String token = tokenOf(uniqueId("auditor"), Role.AUDITOR);
        JsonNode before = awaitEntries(patient, token, 1);
        jdbc.execute("DROP TABLE access_log");

        JsonNode done = awaitFinished(location(post("", admin())));

        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(json.readTree(accessLog(patient, token).body())).isEqualTo(before);
    }

    @Test
    void aDroppedSchemaIsRebuilt() throws Exception {
        String patient = uniqueId("patient-schema");
        publish(ledger.block(2, ledger.accessed(patient, uniqueId("clinician"), "rec-gone", Purpose.TREATMENT)));
        String token = tokenOf(patient, Role.PATIENT);
        JsonNode before = awaitEntries(patient, token, 1);
        jdbc.execute("DROP SCHEMA report CASCADE");

        JsonNode done = awaitFinished(location(post("", admin())));

        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(json.readTree(accessLog(patient, token).body())).isEqualTo(before);
    }

    @Test
    void anEntryTheLiveLogHasAndTheTopicLacksFailsTheRebuildNamingItAndKeepsTheLog() throws Exception {
        String patient = uniqueId("patient-extra");
        publish(ledger.block(2, ledger.accessed(patient, uniqueId("clinician"), "rec-e", Purpose.TREATMENT)));
        String token = tokenOf(patient, Role.PATIENT);
        awaitEntries(patient, token, 1);
        String lost = "lost-" + UUID.randomUUID();
        jdbc.update("INSERT INTO access_log (transaction_id, patient_id, actor_id, outcome, at, tx_hash, shard,"
                + " block_height, leaf_index) VALUES (?, ?, 'someone', 'READ', now(), ?, 2, 999, 999999)",
                lost, patient, "ab".repeat(32));
        try {
            JsonNode before = awaitEntries(patient, token, 2);

            JsonNode done = awaitFinished(location(post("", admin())));

            assertThat(done.get("state").asString()).isEqualTo("FAILED");
            assertThat(done.get("failure").asString()).contains(lost, "shard 2", "block 999");
            assertThat(json.readTree(accessLog(patient, token).body())).isEqualTo(before);
        } finally {
            jdbc.update("DELETE FROM access_log WHERE transaction_id = ?", lost);
        }
    }

    @Test
    void aTrustedCheckpointTheReplayReachesLetsTheRebuildFinish() throws Exception {
        String patient = uniqueId("patient-cp");
        publish(ledger.block(1, ledger.accessed(patient, uniqueId("clinician"), "rec-cp", Purpose.TREATMENT)));
        String token = tokenOf(patient, Role.PATIENT);
        JsonNode before = awaitEntries(patient, token, 1);
        String checkpoint = ledger.checkpoint();
        emptyTheReportTables();

        JsonNode done = awaitFinished(location(post(checkpointBody(checkpoint), admin())));

        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(json.readTree(accessLog(patient, token).body())).isEqualTo(before);
    }

    @Test
    void aTrustedCheckpointBeyondWhatWasReplayedFailsTheRebuildNamingTheShardAndKeepsTheLog() throws Exception {
        String patient = uniqueId("patient-short");
        publish(ledger.block(1, ledger.accessed(patient, uniqueId("clinician"), "rec-s", Purpose.TREATMENT)));
        String token = tokenOf(patient, Role.PATIENT);
        JsonNode before = awaitEntries(patient, token, 1);
        Checkpoint honest = Checkpoint.parse(ledger.checkpoint());
        long seen = honest.shard(1).size();
        long expected = seen + 1000;
        var shards = new ArrayList<>(honest.shards());
        shards.set(1, new Checkpoint.ShardLog(1, expected, honest.shard(1).root()));
        String beyond = new Checkpoint(honest.origin(), shards).sign(LEDGER_KEY);

        JsonNode done = awaitFinished(location(post(checkpointBody(beyond), admin())));

        assertThat(done.get("state").asString()).isEqualTo("FAILED");
        assertThat(done.get("failure").asString()).contains("shard 1", Long.toString(expected), Long.toString(seen));
        assertThat(json.readTree(accessLog(patient, token).body())).isEqualTo(before);
        publish(ledger.block(1, ledger.accessed(patient, uniqueId("clinician"), "rec-s2", Purpose.TREATMENT)));
        awaitEntries(patient, token, 2);
    }

    @Test
    void aCheckpointThatDoesNotParseOrIsNotSignedByATrustedKeyIsRefusedAndNothingRuns() throws Exception {
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
        HttpResponse<String> first = post("", admin());
        HttpResponse<String> second = post("", admin());

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(awaitFinished(location(first)).get("state").asString()).isEqualTo("DONE");
    }

    @Test
    void onlyAnAdminMayRebuildOrFollowARebuild() throws Exception {
        String running = location(post("", admin()));
        var others = Map.of(
                "patient B", tokenOf(uniqueId("patient-b"), Role.PATIENT),
                "clinician", tokenOf(uniqueId("clinician"), Role.CLINICIAN),
                "auditor", tokenOf(uniqueId("auditor"), Role.AUDITOR));
        others.forEach((who, token) -> {
            assertThat(send(post(""), token).statusCode()).as(who).isEqualTo(403);
            assertThat(send(get(running), token).statusCode()).as(who).isEqualTo(403);
            assertThat(send(get("/api/reports/rebuilds/any"), token).statusCode()).as(who).isEqualTo(403);
        });
        assertThat(send(post(""), null).statusCode()).isEqualTo(401);
        assertThat(send(get(running), null).statusCode()).isEqualTo(401);
        for (TokenDefects.Defect defect : TokenDefects.of(RealInfrastructure.tokens(), "admin-defect", Role.ADMIN)) {
            assertThat(send(post(""), defect.token()).statusCode()).as(defect.name()).isEqualTo(401);
            assertThat(send(get(running), defect.token()).statusCode()).as(defect.name()).isEqualTo(401);
        }
        awaitFinished(running);
    }

    @Test
    void anUnknownRebuildIsNotFound() throws Exception {
        HttpResponse<String> response = send(get("/api/reports/rebuilds/no-such-rebuild"), admin());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    }

    /** The disaster: the rows are gone, the schema and the service are not. */
    private void emptyTheReportTables() {
        jdbc.update("DELETE FROM access_log");
        jdbc.update("DELETE FROM shard_log");
    }

    private JsonNode awaitFinished(String location) {
        var last = new JsonNode[1];
        await().atMost(REBUILDING).until(() -> {
            last[0] = body(send(get(location), admin()));
            return !"RUNNING".equals(last[0].get("state").asString());
        });
        return last[0];
    }

    private String checkpointBody(String note) {
        return json.writeValueAsString(Map.of("checkpoint", note));
    }

    private static String admin() {
        return tokenOf(uniqueId("admin"), Role.ADMIN);
    }

    private static String location(HttpResponse<String> started) {
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return started.headers().firstValue("Location").orElseThrow();
    }

    private JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    private HttpResponse<String> post(String body, String token) {
        return send(post(body), token);
    }

    private HttpRequest.Builder post(String body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/reports/rebuilds"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException failure) {
            throw new IllegalStateException("request failed", failure);
        }
    }
}
