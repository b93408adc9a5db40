package health.datasafe.systemtests;

import health.datasafe.contracts.Role;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9's disasters, through the gateway on the whole devstack. The patient story runs; an auditor keeps the head
 * and the signed checkpoint; then, in turn, one committed transaction row of the ledger is deleted, every table of
 * the ledger schema is dropped, the validator's consent state is emptied, the report tables are emptied and the vault
 * tables are emptied. After each, an admin's rebuild (recovery-service asking the service to replay its topics into a fresh schema) brings the
 * state back: byte-identical block hashes that reach the kept checkpoint and a ledger that verifies, a revoked consent
 * that still blocks the doctor, an access log unchanged; and the patient's read returns the exact bytes stored.
 */
class DisasterIntegrationTest extends OnTheDevstack {

    private static final Duration REBUILDING = Duration.ofMinutes(3);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String p = "patient-p-" + run;
    private final String d = "doctor-d-" + run;
    private final byte[] content = ("{\"resourceType\":\"Observation\",\"status\":\"final\",\"note\":\"SYNTHETIC-" + run
            + " glucose 5.4 mmol/L, fictional patient\"}").getBytes(StandardCharsets.UTF_8);

    @Test
    void aLedgerValidatorOrReportThatLostItsStateIsRebuiltFromTheLog() throws Exception {
        Gateway patient = as(p, Role.PATIENT);
        Gateway doctor = as(d, Role.CLINICIAN);
        Gateway auditor = as("auditor-" + run, Role.AUDITOR);
        Gateway admin = as("admin-" + run, Role.ADMIN);
        for (Gateway who : List.of(patient, doctor)) {
            assertThat(who.postJson("/api/identities", "{}").status()).isEqualTo(201);
        }
        var added = patient.postBytes("/api/patients/" + p + "/records", "application/fhir+json", content);
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        String recordPath = "/api/patients/" + p + "/records/" + added.json().get("recordId").asString();
        var granted = patient.postJson("/api/patients/" + p + "/consents", """
                {"grantee":"%s","purpose":"TREATMENT","validUntil":"%s"}""".formatted(d,
                Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS)));
        assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
        var read = doctor.get(recordPath + "?purpose=TREATMENT");
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        String readTx = read.header("DSH-Transaction-Id");
        assertThat(patient.delete("/api/patients/" + p + "/consents/" + granted.json().get("consentId").asString())
                .status()).isEqualTo(201);
        assertThat(doctor.get(recordPath + "?purpose=TREATMENT").status()).isEqualTo(403);

        // what an auditor keeps: every shard's head and the signed checkpoint; and the patient's access log
        JsonNode head = auditor.get("/api/ledger/head").json();
        String checkpoint = new String(auditor.get("/api/ledger/checkpoint").body(), StandardCharsets.UTF_8);
        JsonNode accessLog = patient.get("/api/patients/" + p + "/access-log").json();

        // one committed transaction row goes missing: the ledger no longer verifies ...
        execute("DELETE FROM ledger.ledger_tx WHERE tx_id = '%s'".formatted(readTx));
        assertThat(auditor.get("/api/ledger/verify").json().get("valid").asBoolean()).isFalse();
        // ... until a rebuild brings it back
        rebuildAndExpectTheKeptLedger(admin, auditor, head, checkpoint);

        // every table of the ledger schema is dropped; a rebuild brings the whole ledger back
        try (Connection db = database(); var tables = db.createStatement().executeQuery(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'ledger'")) {
            var names = new java.util.ArrayList<String>();
            while (tables.next()) {
                names.add("ledger.\"" + tables.getString(1) + "\"");
            }
            assertThat(names).hasSizeGreaterThanOrEqualTo(5);
            db.createStatement().execute("DROP TABLE " + String.join(", ", names) + " CASCADE");
        }
        rebuildAndExpectTheKeptLedger(admin, auditor, head, checkpoint);

        // the validator's consent state is emptied; rebuilt, the revocation still blocks the doctor
        try (Connection db = database()) {
            db.createStatement().execute("DELETE FROM validator.consents; DELETE FROM validator.records;"
                    + " DELETE FROM validator.identities; DELETE FROM validator.decisions");
        }
        rebuild(admin, "validator-service", null);
        assertThat(doctor.get(recordPath + "?purpose=TREATMENT").status()).isEqualTo(403);

        // the report tables are emptied; rebuilt, the access log is what it was (the refusal just above included)
        int entriesNow = accessLog.get("entries").size() + 1;
        await().atMost(Duration.ofSeconds(30)).until(() ->
                patient.get("/api/patients/" + p + "/access-log").json().get("entries").size() == entriesNow);
        JsonNode accessLogNow = patient.get("/api/patients/" + p + "/access-log").json();
        try (Connection db = database(); var tables = db.createStatement().executeQuery(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'report' AND tablename <> 'flyway_schema_history'")) {
            var deletes = new java.util.ArrayList<String>();
            while (tables.next()) {
                deletes.add("DELETE FROM report.\"" + tables.getString(1) + "\"");
            }
            db.createStatement().execute(String.join("; ", deletes));
        }
        assertThat(patient.get("/api/patients/" + p + "/access-log").json().get("entries")).isEmpty();
        rebuild(admin, "report-service", checkpoint);
        assertThat(patient.get("/api/patients/" + p + "/access-log").json()).isEqualTo(accessLogNow);

        // the stored bytes are still the patient's to read ...
        var own = patient.get(recordPath + "?purpose=TREATMENT");
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(own.body()).isEqualTo(content);

        // ... and still after the vault tables are emptied and rebuilt from the vault topics
        try (Connection db = database()) {
            db.createStatement().execute("DELETE FROM tx.records; DELETE FROM tx.patient_keys");
        }
        assertThat(patient.get(recordPath + "?purpose=TREATMENT").status()).isNotEqualTo(200);
        rebuild(admin, "transaction-service", null);
        var restored = patient.get(recordPath + "?purpose=TREATMENT");
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        assertThat(restored.body()).isEqualTo(content);
    }

    /** An admin rebuilds the ledger with the kept checkpoint: DONE, the same heads, and the ledger verifies. */
    private void rebuildAndExpectTheKeptLedger(Gateway admin, Gateway auditor, JsonNode head, String checkpoint) {
        rebuild(admin, "ledger-service", checkpoint);
        assertThat(auditor.get("/api/ledger/head").json()).isEqualTo(head);
        var verified = auditor.get("/api/ledger/verify");
        assertThat(verified.json().get("valid").asBoolean()).as(verified.toString()).isTrue();
    }

    /** An admin has recovery-service rebuild the service, with a kept checkpoint or none, and it ends DONE. */
    private void rebuild(Gateway admin, String service, String checkpoint) {
        String body = "{\"service\":\"" + service + "\""
                + (checkpoint == null ? "" : ",\"checkpoint\":" + jsonString(checkpoint)) + "}";
        var started = admin.postJson("/api/recovery/rebuilds", body);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String location = started.header("Location");
        assertThat(location).startsWith("/api/recovery/rebuilds/");
        JsonNode[] status = new JsonNode[1];
        await().atMost(REBUILDING).pollInterval(Duration.ofMillis(500)).until(() -> {
            status[0] = admin.get(location).json();
            return !"RUNNING".equals(status[0].get("state").asString());
        });
        assertThat(status[0].get("state").asString()).as(status[0].toString()).isEqualTo("DONE");
        assertThat(status[0].get("recordsReplayed").asLong()).isPositive();
    }

    private static String jsonString(String text) {
        return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(text);
    }

    private void execute(String sql) throws Exception {
        try (Connection db = database()) {
            assertThat(db.createStatement().executeUpdate(sql)).isEqualTo(1);
        }
    }

}
