package health.datasafe.transaction;

import health.datasafe.contracts.Role;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.devsupport.TokenDefects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Patient B's token on patient A's data, endpoint by endpoint: refused, and nothing is submitted or stored. */
class PatientIsolationIntegrationTest extends TransactionServiceTestBase {

    @Test
    void anotherPatientCanNeitherReadNorAddNorConsentNorFollowTransactions() throws Exception {
        String patientA = register(uniqueId("patient-a"), Role.PATIENT);
        String patientB = register(uniqueId("patient-b"), Role.PATIENT);
        String clinician = register(uniqueId("clinician"), Role.CLINICIAN);
        String tokenA = token(patientA, Role.PATIENT);
        String tokenB = token(patientB, Role.PATIENT);
        byte[] content = "A's private note".getBytes(StandardCharsets.UTF_8);
        String recordId = addRecord(patientA, tokenA, "text/plain", content);
        var grant = postJson("/api/patients/" + patientA + "/consents", tokenA,
                "{\"grantee\":\"" + clinician + "\",\"purpose\":\"TREATMENT\",\"validUntil\":\"2031-01-01T00:00:00Z\"}",
                "Prefer", "wait=10");
        String grantTx = jsonOf(grant).get("transactionId").asString();
        String consentId = jsonOf(grant).get("consentId").asString();
        long transactionsOfA = count("SELECT count(*) FROM transactions WHERE patient_id = :p", Map.of("p", patientA));

        var read = get("/api/patients/" + patientA + "/records/" + recordId, tokenB);
        var readUnknown = get("/api/patients/" + patientA + "/records/" + uniqueId("rec"), tokenB);
        var add = send("POST", "/api/patients/" + patientA + "/records", tokenB, "text/plain", "forged".getBytes(StandardCharsets.UTF_8));
        var addUntyped = send("POST", "/api/patients/" + patientA + "/records", tokenB, null, "forged".getBytes(StandardCharsets.UTF_8));
        var addHtml = send("POST", "/api/patients/" + patientA + "/records", tokenB, "text/html", "<b>forged</b>".getBytes(StandardCharsets.UTF_8));
        var consent = postJson("/api/patients/" + patientA + "/consents", tokenB,
                "{\"grantee\":\"" + patientB + "\",\"purpose\":\"TREATMENT\",\"validUntil\":\"2031-01-01T00:00:00Z\"}");
        var consentUntyped = send("POST", "/api/patients/" + patientA + "/consents", tokenB, null,
                ("{\"grantee\":\"" + patientB + "\",\"purpose\":\"TREATMENT\",\"validUntil\":\"2031-01-01T00:00:00Z\"}")
                        .getBytes(StandardCharsets.UTF_8));
        var consentLoneSurrogate = postJson("/api/patients/" + patientA + "/consents", tokenB, "{\"grantee\":\"x\\ud800\"}");
        var revoke = send("DELETE", "/api/patients/" + patientA + "/consents/" + consentId, tokenB, null, null);
        var transaction = send("GET", "/api/transactions/" + grantTx, tokenB, null, null);
        var unknownTransaction = send("GET", "/api/transactions/" + java.util.UUID.randomUUID(), tokenB, null, null);
        var breakGlass = postJson("/api/patients/" + patientA + "/break-glass", tokenB,
                "{\"reason\":\"mine now\",\"validUntil\":\"2031-01-01T00:00:00Z\"}");
        var review = postJson("/api/patients/" + patientA + "/break-glass/" + consentId + "/reviews", tokenB,
                "{\"finding\":\"JUSTIFIED\"}");

        assertProblem(read, 403);
        assertThat(new String(read.body(), StandardCharsets.UTF_8)).doesNotContain("private note");
        assertThat(assertProblem(readUnknown, 403).get("detail").asString())
                .isEqualTo(assertProblem(read, 403).get("detail").asString());
        assertProblem(add, 403);
        // another patient learns nothing, not even what the body should have been
        assertProblem(addUntyped, 403);
        assertProblem(addHtml, 403);
        assertProblem(consent, 403);
        assertProblem(consentUntyped, 403);
        assertProblem(consentLoneSurrogate, 403);
        assertProblem(revoke, 403);
        assertThat(assertProblem(transaction, 404).get("detail").asString()).doesNotContain("CONSENT");
        assertProblem(unknownTransaction, 404);
        assertProblem(breakGlass, 403);
        assertProblem(review, 403);
        assertThat(count("SELECT count(*) FROM transactions WHERE patient_id = :p", Map.of("p", patientA)))
                .isEqualTo(transactionsOfA);
        assertThat(count("SELECT count(*) FROM transactions WHERE actor_id = :b AND type <> 'IDENTITY_REGISTERED'",
                Map.of("b", patientB))).isZero();
        assertThat(count("SELECT count(*) FROM records WHERE patient_id = :p", Map.of("p", patientA))).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("defectiveTokens")
    void aDefectiveTokenIsUnauthorizedOnEveryEndpointAndSubmitsNothing(TokenDefects.Defect defect) throws Exception {
        String patient = "patient-defect";
        byte[] body = "{\"grantee\":\"dr-x\",\"purpose\":\"TREATMENT\",\"validUntil\":\"2031-01-01T00:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8);
        var responses = List.of(
                send("POST", "/api/identities", defect.token(), null, null),
                send("POST", "/api/patients/" + patient + "/records", defect.token(), "text/plain", body),
                send("GET", "/api/patients/" + patient + "/records/rec-1?purpose=TREATMENT", defect.token(), null, null),
                send("POST", "/api/patients/" + patient + "/consents", defect.token(), "application/json", body),
                send("DELETE", "/api/patients/" + patient + "/consents/c-1", defect.token(), null, null),
                send("POST", "/api/patients/" + patient + "/break-glass", defect.token(), "application/json", body),
                send("POST", "/api/patients/" + patient + "/break-glass/bg-1/reviews", defect.token(),
                        "application/json", body),
                send("GET", "/api/transactions/" + java.util.UUID.randomUUID(), defect.token(), null, null));
        for (var response : responses) {
            assertThat(assertProblem(response, 401).get("detail").asString())
                    .isEqualTo("the bearer token is invalid or has expired");
        }
        assertThat(count("SELECT count(*) FROM transactions WHERE patient_id = :p OR actor_id = :p",
                Map.of("p", patient))).isZero();
    }

    static List<TokenDefects.Defect> defectiveTokens() {
        return TokenDefects.of(RealInfrastructure.tokens(), "patient-defect", Role.PATIENT);
    }

    @Test
    void transactionIsVisibleToItsActorItsPatientAuditorsAndAdministratorsOnly() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String clinician = register(uniqueId("clinician"), Role.CLINICIAN);
        String recordId = addRecord(patient, token(clinician, Role.CLINICIAN), "text/plain",
                "by the clinician".getBytes(StandardCharsets.UTF_8));
        String txId = jdbc.sql("SELECT added_by_tx FROM records WHERE record_id = :r").param("r", recordId)
                .query(String.class).single();
        String path = "/api/transactions/" + txId;

        assertThat(send("GET", path, token(clinician, Role.CLINICIAN), null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", path, token(patient, Role.PATIENT), null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", path, token(uniqueId("auditor"), Role.AUDITOR), null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", path, token(uniqueId("admin"), Role.ADMIN), null, null).statusCode()).isEqualTo(200);
        assertProblem(send("GET", path, token(uniqueId("clinician"), Role.CLINICIAN), null, null), 404);
        assertProblem(send("GET", path, token(uniqueId("patient"), Role.PATIENT), null, null), 404);
    }

    @Test
    void anotherPatientGetsNeitherTheStatusNorTheReceiptOfAPatientsRead() throws Exception {
        String patientA = register(uniqueId("patient-a"), Role.PATIENT);
        String patientB = register(uniqueId("patient-b"), Role.PATIENT);
        String tokenA = token(patientA, Role.PATIENT);
        String recordId = addRecord(patientA, tokenA, "text/plain", "A's lab value".getBytes(StandardCharsets.UTF_8));
        var read = get("/api/patients/" + patientA + "/records/" + recordId, tokenA);
        assertThat(read.headers().firstValue("DSH-Receipt")).isPresent();
        String readTx = read.headers().firstValue("DSH-Transaction-Id").orElseThrow();
        var ownView = jsonOf(send("GET", "/api/transactions/" + readTx, tokenA, null, null));
        assertThat(ownView.get("receipt").isObject()).isTrue();

        var asB = send("GET", "/api/transactions/" + readTx, token(patientB, Role.PATIENT), null, null);

        assertThat(assertProblem(asB, 404).get("detail").asString()).isEqualTo("no transaction " + readTx + " for this caller");
        assertThat(asB.body()).doesNotContain("receipt", "checkpoint", ownView.get("txHash").asString(), patientA);
    }

    @Test
    void auditorsAndAdministratorsCannotReadRecordContent() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String recordId = addRecord(patient, token(patient, Role.PATIENT), "text/plain", "mine".getBytes(StandardCharsets.UTF_8));
        long before = count("SELECT count(*) FROM transactions WHERE patient_id = :p", Map.of("p", patient));

        assertProblem(get("/api/patients/" + patient + "/records/" + recordId, token(uniqueId("auditor"), Role.AUDITOR)), 403);
        assertProblem(get("/api/patients/" + patient + "/records/" + recordId, token(uniqueId("admin"), Role.ADMIN)), 403);
        assertThat(count("SELECT count(*) FROM transactions WHERE patient_id = :p", Map.of("p", patient))).isEqualTo(before);
    }
}
