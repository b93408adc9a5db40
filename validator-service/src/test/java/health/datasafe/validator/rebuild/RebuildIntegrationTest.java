package health.datasafe.validator.rebuild;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionValidated;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.devsupport.TokenDefects;
import health.datasafe.integrity.Transactions;
import health.datasafe.validator.ValidatorServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static health.datasafe.validator.TestInitiator.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9's disaster on the validator: its consent state emptied, then rebuilt by replaying the decisions it published
 * on dsh.tx.validated and dsh.tx.rejected, while it keeps serving.
 */
class RebuildIntegrationTest extends ValidatorServiceTestBase {

    private static final Duration REBUILDING = Duration.ofMinutes(2);
    private static final Map<String, String> STATE = Map.of(
            "identities", "SELECT * FROM identities ORDER BY actor_id",
            "records", "SELECT * FROM records ORDER BY record_id",
            "consents", "SELECT * FROM consents ORDER BY consent_id",
            "decisions", "SELECT * FROM decisions ORDER BY tx_id");

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRebuildAfterTheConsentStateWasEmptiedBringsItAllBackAndTheRevocationAndTheErasureStillBindAndTheBreakGlassStillOpens() throws Exception {
        String patient = unique("p-rb");
        String doctor = unique("dr-rb");
        String record = unique("rec-rb");
        String consent = unique("c-rb");
        Instant now = Instant.now();
        assertValidated(INITIATOR.patient(patient, now));
        assertValidated(INITIATOR.identity(doctor, Role.CLINICIAN, now));
        assertValidated(INITIATOR.recordAdded(patient, patient, record, Instant.now()));
        assertValidated(INITIATOR.consentGranted(patient, consent, doctor, Purpose.TREATMENT,
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)), Instant.now()));
        assertValidated(INITIATOR.recordAccessed(patient, doctor, record, Purpose.TREATMENT, Instant.now()));
        assertValidated(INITIATOR.consentRevoked(patient, patient, consent, Instant.now()));
        assertRejected(INITIATOR.recordAccessed(patient, doctor, record, Purpose.TREATMENT, Instant.now()),
                "CONSENT_DENIED");
        String window = unique("bg-rb");
        assertValidated(INITIATOR.emergencyAccess(patient, doctor, window, Instant.now().plus(Duration.ofMinutes(30)),
                Instant.now()));
        String erased = unique("rec-rb-erased");
        assertValidated(INITIATOR.recordAdded(patient, patient, erased, Instant.now()));
        assertValidated(INITIATOR.recordErased(patient, patient, erased, Instant.now()));
        var before = state();
        long epochsBefore = epochEndsSoFar().stream().mapToLong(mark -> mark.end().epoch()).max().orElse(0);

        for (String table : List.of("consents", "identities", "records", "decisions")) {
            jdbc.update("DELETE FROM " + table);
        }
        HttpResponse<String> started = post("", admin());

        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/api/validator/rebuilds/" + body(started).get("id").asString());
        JsonNode done = awaitFinished(location);
        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(done.get("service").asString()).isEqualTo("validator-service");
        assertThat(done.get("recordsReplayed").asLong()).isEqualTo(done.get("recordsTotal").asLong()).isPositive();
        assertThat(state()).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'validator\\_replaced\\_%'",
                Integer.class)).isPositive();

        assertRejected(INITIATOR.recordAccessed(patient, doctor, record, Purpose.TREATMENT, Instant.now()),
                "CONSENT_DENIED");
        // the break-glass came back as a window and its reason as her record
        assertValidated(INITIATOR.recordAccessed(patient, doctor, record, Purpose.EMERGENCY, Instant.now()));
        assertValidated(INITIATOR.recordAccessed(patient, patient, window, Purpose.PATIENT_REQUEST, Instant.now()));
        // and the erasure still binds
        assertRejected(INITIATOR.recordAccessed(patient, patient, erased, Purpose.PATIENT_REQUEST, Instant.now()),
                "RECORD_ERASED");
        Output regranted = assertValidated(INITIATOR.consentGranted(patient, unique("c-rb-again"), doctor,
                Purpose.TREATMENT, now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)), Instant.now()));
        assertValidated(INITIATOR.recordAccessed(patient, doctor, record, Purpose.TREATMENT, Instant.now()));
        await().atMost(PATIENCE).until(() -> epochEndAfter(regranted) != null);
        assertThat(epochEndAfter(regranted).end().epoch()).isGreaterThan(epochsBefore);
    }

    @Test
    void aLiveDecisionWhoseRecordOnTheTopicWasTamperedWithFailsTheRebuildNamingItAndTheStateStays() throws Exception {
        // the live state holds two decisions whose only records on dsh.tx.validated were tampered with: one changed
        // after signing, one carrying another hash; the replay skips both, so the rebuilt state would lose them
        Transaction altered = INITIATOR.identity(unique("dr-altered"), Role.CLINICIAN, Instant.now());
        Transaction misHashed = INITIATOR.identity(unique("dr-mishashed"), Role.CLINICIAN, Instant.now());
        var promoted = new Transaction(altered.id(), altered.type(), altered.patientId(), altered.actorId(),
                altered.payloadHash(), Map.of(Metadata.ROLE, Role.ADMIN.name()), altered.submittedAt(),
                altered.initiator(), altered.signature());
        String forgedHash = "0".repeat(64);
        publishRaw(Topics.TX_VALIDATED, altered.partitionKey(), json.writeValueAsBytes(
                SIGNER.validated(promoted, Transactions.hash(altered))));
        publishRaw(Topics.TX_VALIDATED, misHashed.partitionKey(), json.writeValueAsBytes(
                SIGNER.validated(misHashed, forgedHash)));
        try {
            for (Transaction tx : List.of(altered, misHashed)) {
                jdbc.update("INSERT INTO decisions (tx_id, tx_hash, outcome, validator, decided_at)"
                        + " VALUES (?, ?, 'VALIDATED', ?, now())", tx.id(), Transactions.hash(tx), VALIDATOR_ID);
            }
            var before = state();

            JsonNode done = awaitFinished(post("", admin()).headers().firstValue("Location").orElseThrow());

            assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("FAILED");
            assertThat(done.get("failure").asString()).contains("2 decision(s)",
                    "transaction " + altered.id() + ": live hash " + Transactions.hash(altered) + ", rebuilt no decision",
                    "transaction " + misHashed.id() + ": live hash " + Transactions.hash(misHashed)
                            + ", rebuilt no decision");
            assertThat(state()).isEqualTo(before);
        } finally {
            jdbc.update("DELETE FROM decisions WHERE tx_id IN (?, ?)", altered.id(), misHashed.id());
        }
        assertValidated(INITIATOR.identity(unique("dr-after-failed"), Role.CLINICIAN, Instant.now()));
    }

    @Test
    void theSameDecisionTwiceIsOneAndAnotherTransactionReusingItsIdAfterItChangesNothing() throws Exception {
        String patient = unique("p-twice");
        String impostor = unique("p-impostor");
        Transaction first = INITIATOR.patient(patient, Instant.now());
        Output decided = assertValidated(first);
        // the validator's record once more (as a redelivery republishes it), then a signed transaction reusing the id,
        // both after it in its partition
        publishRaw(Topics.TX_VALIDATED, patient, decided.value().getBytes(StandardCharsets.UTF_8));
        Transaction reuse = INITIATOR.sign(new Transaction(first.id(), first.type(), impostor, impostor,
                first.payloadHash(), first.metadata(), first.submittedAt(), first.initiator(), null));
        publishRaw(Topics.TX_VALIDATED, patient, json.writeValueAsBytes(
                SIGNER.validated(reuse)));
        var before = state();

        JsonNode done = awaitFinished(post("", admin()).headers().firstValue("Location").orElseThrow());

        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(state()).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT tx_hash FROM decisions WHERE tx_id = ?", String.class, first.id()))
                .isEqualTo(Transactions.hash(first));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM identities WHERE actor_id = ?", Integer.class, impostor))
                .isZero();
    }

    @Test
    void aSecondRebuildWhileOneRunsIsAConflict() throws Exception {
        HttpResponse<String> first = post("", admin());
        HttpResponse<String> second = post("", admin());

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        awaitFinished(first.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void aCheckpointOrABodyThatIsNotARebuildRequestIsRefusedAndNothingRuns() throws Exception {
        HttpResponse<String> withCheckpoint = post(json.writeValueAsString(Map.of("checkpoint", "any signed note")),
                admin());
        assertThat(withCheckpoint.statusCode()).isEqualTo(400);
        assertThat(body(withCheckpoint).get("detail").asString()).contains("rebuilds from its topics",
                "takes no checkpoint");

        for (String body : List.of("{\"checkpoint\":", "{\"unknown\":1}", "[]", "{\"checkpoint\":\"a\"} trailing")) {
            HttpResponse<String> refused = post(body, admin());
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        }
    }

    @Test
    void onlyAnAdminMayRebuildOrFollowARebuild() throws Exception {
        for (Role role : List.of(Role.PATIENT, Role.CLINICIAN, Role.AUDITOR)) {
            String token = RealInfrastructure.tokens().mint(role.name().toLowerCase() + "-1", role);
            assertThat(post("", token).statusCode()).as(role.name()).isEqualTo(403);
            assertThat(get("/api/validator/rebuilds/any", token).statusCode()).as(role.name()).isEqualTo(403);
        }
        assertThat(post("", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/validator/rebuilds/any", null).statusCode()).isEqualTo(401);
        for (TokenDefects.Defect defect : TokenDefects.of(RealInfrastructure.tokens(), "admin-1", Role.ADMIN)) {
            assertThat(post("", defect.token()).statusCode()).as(defect.name()).isEqualTo(401);
            assertThat(get("/api/validator/rebuilds/any", defect.token()).statusCode()).as(defect.name()).isEqualTo(401);
        }
        HttpResponse<String> unknown = get("/api/validator/rebuilds/no-such-rebuild", admin());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    }

    private Output assertValidated(Transaction tx) throws Exception {
        submit(tx);
        Output output = awaitDecision(tx);
        assertThat(output.validated()).as(output.reason() + ": " + output.detail()).isTrue();
        return output;
    }

    private void assertRejected(Transaction tx, String reason) throws Exception {
        submit(tx);
        Output output = awaitDecision(tx);
        assertThat(output.reason()).as(output.detail()).isEqualTo(reason);
    }

    /** The first epoch end after the output in its partition, or null if none is there yet. */
    /** Every row of the validator's state tables, by table. */
    private Map<String, List<Map<String, Object>>> state() {
        var state = new TreeMap<String, List<Map<String, Object>>>();
        STATE.forEach((table, query) -> state.put(table, new ArrayList<>(jdbc.queryForList(query))));
        return state;
    }

    private JsonNode awaitFinished(String location) {
        var last = new JsonNode[1];
        await().atMost(REBUILDING).until(() -> {
            last[0] = body(get(location, admin()));
            return !"RUNNING".equals(last[0].get("state").asString());
        });
        return last[0];
    }

    private JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    private static String admin() {
        return RealInfrastructure.tokens().mint("admin-1", Role.ADMIN);
    }

    private HttpResponse<String> post(String body, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/validator/rebuilds"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
