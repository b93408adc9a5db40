package health.datasafe.transaction.record;

import health.datasafe.contracts.Role;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.transaction.TransactionServiceTestBase;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RecordInputIntegrationTest extends TransactionServiceTestBase {

    @Test
    void recordContentIsInNoTableAndNeverOnTheSubmittedTopic() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String token = token(patient, Role.PATIENT);
        String secret = "Diagnosis: rare-condition-" + UUID.randomUUID();
        byte[] content = secret.getBytes(StandardCharsets.UTF_8);
        String recordId = addRecord(patient, token, "text/plain", content);
        assertThat(get("/api/patients/" + patient + "/records/" + recordId, token).body()).isEqualTo(content);

        String base64 = Base64.getEncoder().encodeToString(content);
        String hex = HexFormat.of().formatHex(content);
        assertThat(columnsHolding(content)).isEmpty();
        assertThat(columnsHolding(base64.getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(columnsHolding(hex.getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(LEDGER.submittedValues()).isNotEmpty()
                .noneMatch(value -> value.contains(secret) || value.contains(base64) || value.contains(hex)
                        || value.contains("rare-condition"));
        assertThat(count("SELECT count(*) FROM records WHERE record_id = :r", Map.of("r", recordId))).isEqualTo(1);
    }

    @Test
    void recordForAnUnknownPatientIsNotFoundAndNothingIsStored() throws Exception {
        String clinician = register(uniqueId("clinician"), Role.CLINICIAN);
        String nobody = uniqueId("nobody");

        var response = send("POST", "/api/patients/" + nobody + "/records", token(clinician, Role.CLINICIAN),
                "text/plain", "for nobody".getBytes(StandardCharsets.UTF_8));

        var problem = assertProblem(response, 404);
        assertThat(problem.get("detail").asString()).contains("unknown patient");
        assertNothingStoredFor(nobody);
        assertThat(count("SELECT count(*) FROM patient_keys WHERE patient_id = :p", Map.of("p", nobody))).isZero();
    }

    @Test
    void unregisteredCallerCannotAddRecords() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String newcomer = uniqueId("clinician");

        var response = send("POST", "/api/patients/" + patient + "/records", token(newcomer, Role.CLINICIAN),
                "text/plain", "hello".getBytes(StandardCharsets.UTF_8));

        assertProblem(response, 403);
        assertNothingStoredFor(patient);
    }

    @Test
    void emptyRecordIsABadRequestAndNothingIsStored() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);

        var response = send("POST", "/api/patients/" + patient + "/records", token(patient, Role.PATIENT), "text/plain", new byte[0]);

        assertProblem(response, 400);
        assertNothingStoredFor(patient);
    }

    @Test
    void recordLargerThanOneMebibyteIsRefusedWith413AndNothingIsStored() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        byte[] huge = new byte[1024 * 1024 + 1];
        Arrays.fill(huge, (byte) 'x');

        var response = send("POST", "/api/patients/" + patient + "/records", token(patient, Role.PATIENT),
                "application/octet-stream", huge);

        assertProblem(response, 413);
        assertNothingStoredFor(patient);
    }

    @Test
    void recordOfExactlyOneMebibyteIsAccepted() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        byte[] limit = new byte[1024 * 1024];
        Arrays.fill(limit, (byte) 'y');

        var response = send("POST", "/api/patients/" + patient + "/records", token(patient, Role.PATIENT),
                "application/octet-stream", limit);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    @Test
    void expiredTokenIsUnauthorizedAndNothingIsStored() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String expired = RealInfrastructure.tokens().mint(patient, Role.PATIENT, Duration.ofMinutes(-5));

        var response = send("POST", "/api/patients/" + patient + "/records", expired, "text/plain",
                "late".getBytes(StandardCharsets.UTF_8));

        assertProblem(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        assertNothingStoredFor(patient);
    }

    @Test
    void requestWithoutTokenIsUnauthorized() throws Exception {
        var response = send("GET", "/api/transactions/" + UUID.randomUUID(), null, null, null);

        assertProblem(response, 401);
    }

    @Test
    void invalidPurposeIsABadRequestAndSubmitsNothing() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        long before = count("SELECT count(*) FROM transactions WHERE patient_id = :p", Map.of("p", patient));

        var response = get("/api/patients/" + patient + "/records/rec-1?purpose=CURIOSITY", token(patient, Role.PATIENT));

        assertProblem(response, 400);
        assertThat(count("SELECT count(*) FROM transactions WHERE patient_id = :p", Map.of("p", patient))).isEqualTo(before);
    }

    private void assertNothingStoredFor(String patientId) {
        assertThat(count("SELECT count(*) FROM records WHERE patient_id = :p", Map.of("p", patientId))).isZero();
        assertThat(count("SELECT count(*) FROM transactions WHERE patient_id = :p AND type <> 'IDENTITY_REGISTERED'",
                Map.of("p", patientId))).isZero();
    }
}
