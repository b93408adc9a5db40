package health.datasafe.recovery.rebuild;

import health.datasafe.contracts.Role;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.recovery.FakeRebuilds;
import health.datasafe.recovery.RecoveryServiceTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rebuilds asked of recovery and delegated to a real HTTP stand-in for the ledger's rebuild endpoints. Every test
 * leaves no rebuild running, since a service runs one at a time.
 */
class RebuildIntegrationTest extends RecoveryServiceTestBase {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String admin = RealInfrastructure.tokens().mint("admin-" + run, Role.ADMIN);
    private final FakeRebuilds ledgerRebuilds = ledgerApi.rebuilds();

    @AfterEach
    void noRebuildIsLeftRunning() {
        ledgerRebuilds.reset();
        await().atMost(PATIENCE).until(() -> rebuilds(admin).stream()
                .noneMatch(rebuild -> rebuild.get("state").asString().equals("RUNNING")));
    }

    @Test
    void aRebuildOfTheLedgerIsAskedOfTheLedgerWithTheAdminsTokenAndFollowedUntilDone() throws Exception {
        var response = start("{\"service\":\"ledger-service\"}", admin);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode started = json.readTree(response.body());
        String id = started.get("id").asString();
        assertThat(response.headers().firstValue("Location")).hasValue("/api/recovery/rebuilds/" + id);
        assertThat(started.get("service").asString()).isEqualTo("ledger-service");
        assertThat(started.get("state").asString()).isEqualTo("RUNNING");
        var asked = ledgerRebuilds.lastStart();
        assertThat(asked.authorization()).isEqualTo("Bearer " + admin);
        assertThat(asked.body().has("checkpoint")).isFalse();

        ledgerRebuilds.progress(asked.id(), 400, 1000, 200, 3);
        JsonNode running = await().atMost(PATIENCE).until(() -> rebuild(id, admin),
                status -> status.get("recordsReplayed").asLong() == 400);
        assertThat(fields(running)).containsExactly("id", "service", "state", "recordsReplayed", "recordsTotal",
                "perSecond", "etaSeconds", "failure");
        assertThat(running.get("state").asString()).isEqualTo("RUNNING");
        assertThat(running.get("recordsTotal").asLong()).isEqualTo(1000);
        assertThat(running.get("perSecond").asLong()).isEqualTo(200);
        assertThat(running.get("etaSeconds").asLong()).isEqualTo(3);
        assertThat(running.get("failure").isNull()).isTrue();

        ledgerRebuilds.done(asked.id());
        // nobody reads it: the poller sees it end
        JsonNode done = await().atMost(PATIENCE).until(() -> listed(id),
                status -> status.get("state").asString().equals("DONE"));
        assertThat(done.get("recordsReplayed").asLong()).isEqualTo(1000);
        assertThat(done.get("etaSeconds").asLong()).isZero();
        assertThat(rebuilds(admin).getFirst().get("id").asString()).as("newest first").isEqualTo(id);
    }

    @Test
    void aRebuildTheLedgerReportsFailedIsFailedWithTheLedgersReason() throws Exception {
        String id = startedId("{\"service\":\"ledger-service\"}");
        String failure = "shard 2 at height 7: root expected " + "ab".repeat(32) + ", actual " + "cd".repeat(32);

        ledgerRebuilds.fail(ledgerRebuilds.lastStart().id(), failure);

        JsonNode failed = await().atMost(PATIENCE).until(() -> listed(id),
                status -> status.get("state").asString().equals("FAILED"));
        assertThat(failed.get("failure").asString()).isEqualTo(failure);
        assertThat(rebuild(id, admin).get("state").asString()).isEqualTo("FAILED");
    }

    @Test
    void aSecondRebuildOfTheLedgerWhileOneRunsIsAConflict() throws Exception {
        String first = startedId("{\"service\":\"ledger-service\"}");
        int asked = ledgerRebuilds.starts().size();

        var second = start("{\"service\":\"ledger-service\"}", RealInfrastructure.tokens().mint("admin-2", Role.ADMIN));

        assertProblem(second, 409);
        assertThat(json.readTree(second.body()).get("detail").asString()).contains("ledger-service", first);
        assertThat(ledgerRebuilds.starts()).as("the ledger was not asked again").hasSize(asked);

        ledgerRebuilds.done(ledgerRebuilds.lastStart().id());
        await().atMost(PATIENCE).until(() -> rebuild(first, admin).get("state").asString().equals("DONE"));
        assertThat(start("{\"service\":\"ledger-service\"}", admin).statusCode()).isEqualTo(202);
    }

    @Test
    void aServiceNoOneKnowsIsABadRequest() throws Exception {
        int asked = ledgerRebuilds.starts().size();

        var unknown = start("{\"service\":\"billing-service\"}", admin);
        var none = start("{}", admin);

        assertProblem(unknown, 400);
        assertThat(json.readTree(unknown.body()).get("detail").asString())
                .contains("billing-service", "ledger-service");
        assertProblem(none, 400);
        assertThat(ledgerRebuilds.starts()).hasSize(asked);
    }

    @Test
    void aForgedOrUnreadableCheckpointIsABadRequestAndNothingIsAsked() throws Exception {
        int asked = ledgerRebuilds.starts().size();
        int stored = rebuilds(admin).size();
        String forged = checkpoint(Ed25519.SigningKey.generate());
        String edited = checkpoint(LEDGER_KEY).replaceFirst("\n0 0 ", "\n0 1 ");

        for (String note : List.of(forged, edited, "not a checkpoint", "")) {
            var response = start(json.writeValueAsString(Map.of("service", "ledger-service", "checkpoint", note)),
                    admin);
            assertProblem(response, 400);
            assertThat(json.readTree(response.body()).get("detail").asString())
                    .startsWith("the checkpoint is not accepted");
        }
        assertThat(ledgerRebuilds.starts()).hasSize(asked);
        assertThat(rebuilds(admin)).hasSize(stored);
    }

    @Test
    void aCheckpointSignedByTheTrustedLedgerKeyIsPassedOnAsGiven() throws Exception {
        String note = checkpoint(LEDGER_KEY);

        String id = startedId(json.writeValueAsString(Map.of("service", "ledger-service", "checkpoint", note)));

        assertThat(ledgerRebuilds.lastStart().body().get("checkpoint").asString()).isEqualTo(note);
        assertThat(rebuild(id, admin).get("state").asString()).isEqualTo("RUNNING");
    }

    @Test
    void aServiceThatCannotRebuildYetIsNotImplementedAndNothingIsStored() throws Exception {
        int stored = rebuilds(admin).size();

        // the validator's URL is configured, and it answers 404 at /api/validator/rebuilds
        var validator = start("{\"service\":\"validator-service\"}", admin);
        // the report-service has no URL at all
        var report = start("{\"service\":\"report-service\"}", admin);

        assertProblem(validator, 501);
        assertThat(json.readTree(validator.body()).get("detail").asString()).startsWith("validator-service");
        assertThat(json.readTree(validator.body()).get("service").asString()).isEqualTo("validator-service");
        assertProblem(report, 501);
        assertThat(json.readTree(report.body()).get("detail").asString()).startsWith("report-service");
        assertThat(rebuilds(admin)).hasSize(stored);
    }

    @Test
    void malformedOrMistypedBodiesAreRefused() throws Exception {
        int asked = ledgerRebuilds.starts().size();

        assertProblem(start("{\"service\":\"ledger-service\"", admin), 400);
        assertProblem(start("{\"service\":\"ledger-service\",\"force\":true}", admin), 400);
        assertProblem(start("{\"service\":\"ledger-service\",\"service\":\"ledger-service\"}", admin), 400);
        assertProblem(start("[\"ledger-service\"]", admin), 400);
        assertProblem(start("", admin), 400);
        var notJson = send("POST", "/api/recovery/rebuilds", admin, "text/plain", "{\"service\":\"ledger-service\"}");
        assertProblem(notJson, 415);
        assertThat(json.readTree(notJson.body()).get("accepted").get(0).asString()).isEqualTo("application/json");
        assertThat(ledgerRebuilds.starts()).hasSize(asked);
    }

    @Test
    void anUnknownRebuildIsNotFound() throws Exception {
        assertProblem(call("GET", "/api/recovery/rebuilds/" + UUID.randomUUID(), admin), 404);
        assertProblem(call("GET", "/api/recovery/rebuilds/not-an-id", admin), 404);
    }

    @Test
    void aRebuildTheLedgerForgetsBecauseItRestartedIsFailed() throws Exception {
        String id = startedId("{\"service\":\"ledger-service\"}");

        ledgerRebuilds.forget(ledgerRebuilds.lastStart().id());

        JsonNode failed = await().atMost(PATIENCE).until(() -> listed(id),
                status -> status.get("state").asString().equals("FAILED"));
        assertThat(failed.get("failure").asString()).contains("ledger-service no longer knows", "restarted");
    }

    @Test
    void aRebuildWhoseLedgerStaysUnreachableIsFailedAfterTheGivenTime() throws Exception {
        String id = startedId("{\"service\":\"ledger-service\"}");

        ledgerRebuilds.failWith(503);

        JsonNode failed = await().atMost(PATIENCE).until(() -> listed(id),
                status -> status.get("state").asString().equals("FAILED"));
        assertThat(failed.get("failure").asString())
                .contains("unreachable for more than " + REBUILD_GIVE_UP_AFTER.toSeconds() + "s", "HTTP 503");
    }

    @Test
    void onceTheAdminsTokenIsRefusedAnotherAdminsReadRefreshesTheRebuildAndPollingGoesOnWithTheirToken()
            throws Exception {
        String id = startedId("{\"service\":\"ledger-service\"}");
        String targetId = ledgerRebuilds.lastStart().id();
        int refusedBefore = ledgerRebuilds.refusals();
        ledgerRebuilds.refuse(admin); // as if it expired
        ledgerRebuilds.progress(targetId, 10, 100, 5, 18);
        await().atMost(PATIENCE).until(() -> ledgerRebuilds.refusals() > refusedBefore);
        String another = RealInfrastructure.tokens().mint("admin-b-" + run, Role.ADMIN);

        assertThat(rebuild(id, another).get("recordsReplayed").asLong()).isEqualTo(10);

        ledgerRebuilds.progress(targetId, 50, 100, 5, 10);
        await().atMost(PATIENCE).until(() -> listed(id).get("recordsReplayed").asLong() == 50);
        assertThat(ledgerRebuilds.polledWith()).contains("Bearer " + another);
    }

    @Test
    void onlyAdministratorsMayReadARebuild() throws Exception {
        String id = startedId("{\"service\":\"ledger-service\"}");
        String patientB = RealInfrastructure.tokens().mint("patient-b-" + run, Role.PATIENT);

        for (String token : List.of(patientB, RealInfrastructure.tokens().mint("clinician-" + run, Role.CLINICIAN),
                RealInfrastructure.tokens().mint("auditor-" + run, Role.AUDITOR))) {
            assertProblem(call("GET", "/api/recovery/rebuilds/" + id, token), 403);
        }
    }

    private HttpResponse<String> start(String body, String token) throws Exception {
        return send("POST", "/api/recovery/rebuilds", token, "application/json", body);
    }

    private String startedId(String body) throws Exception {
        var response = start(body, admin);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json.readTree(response.body()).get("id").asString();
    }

    private JsonNode rebuild(String id, String token) throws Exception {
        return callForJson("GET", "/api/recovery/rebuilds/" + id, token);
    }

    private List<JsonNode> rebuilds(String token) throws Exception {
        return StreamSupport.stream(callForJson("GET", "/api/recovery/rebuilds", token).get("rebuilds").spliterator(),
                false).toList();
    }

    /** The rebuild as the list shows it: what recovery stored, without refreshing it from the ledger. */
    private JsonNode listed(String id) throws Exception {
        return rebuilds(admin).stream().filter(rebuild -> rebuild.get("id").asString().equals(id)).findFirst()
                .orElseThrow();
    }

    private void assertProblem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).get("status").asInt()).isEqualTo(status);
    }

    private static List<String> fields(JsonNode node) {
        return List.copyOf(node.propertyNames());
    }

    private static String checkpoint(Ed25519.SigningKey key) {
        String empty = Hex.of(MerkleTree.emptyRoot());
        return new Checkpoint("test.local/ledger", List.of(new Checkpoint.ShardLog(0, 0, empty),
                new Checkpoint.ShardLog(1, 0, empty))).sign(key);
    }
}
