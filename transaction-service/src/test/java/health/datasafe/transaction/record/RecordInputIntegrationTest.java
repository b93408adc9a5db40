package health.datasafe.transaction.record;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.transaction.TransactionServiceTestBase;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RecordInputIntegrationTest extends TransactionServiceTestBase {

    private static final List<String> ACCEPTED = List.of("application/fhir+json", "application/fhir+xml",
            "application/json", "application/pdf", "application/dicom", "image/png", "image/jpeg", "image/gif",
            "image/webp", "image/tiff", "text/plain");

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
    void aClinicianWritingForAnUnknownPatientIsAnsweredAsForOneWhoGaveNoConsentAndNoKeyIsMadeForTheId() throws Exception {
        String clinician = register(uniqueId("clinician"), Role.CLINICIAN);
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String nobody = uniqueId("nobody");
        // as the validator refuses both: it decides consent before it asks whether the patient exists
        LEDGER.rejectWhen(tx -> tx.type() == TransactionType.RECORD_ADDED && clinician.equals(tx.actorId()),
                RejectionReason.CONSENT_DENIED, "no consent");

        var known = send("POST", "/api/patients/" + patient + "/records", token(clinician, Role.CLINICIAN),
                "text/plain", "for her".getBytes(StandardCharsets.UTF_8), "Prefer", "wait=10");
        var unknown = send("POST", "/api/patients/" + nobody + "/records", token(clinician, Role.CLINICIAN),
                "text/plain", "for nobody".getBytes(StandardCharsets.UTF_8), "Prefer", "wait=10");

        var knownProblem = assertProblem(known, 403);
        var unknownProblem = assertProblem(unknown, 403);
        assertThat(unknownProblem.get("reason").asString()).isEqualTo(knownProblem.get("reason").asString())
                .isEqualTo("CONSENT_DENIED");
        assertThat(unknownProblem.get("title").asString()).isEqualTo(knownProblem.get("title").asString());
        assertThat(count("SELECT count(*) FROM records WHERE patient_id = :p", Map.of("p", nobody))).isZero();
        assertThat(count("SELECT count(*) FROM patient_keys WHERE patient_id = :p", Map.of("p", nobody))).isZero();
        Transaction probe = LEDGER.submitted().stream()
                .filter(tx -> tx.id().equals(unknownProblem.get("transactionId").asString())).findFirst().orElseThrow();
        assertThat(probe.payloadHash()).as("shaped like any write's commitment").matches("[0-9a-f]{64}");
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
                "application/pdf", huge);

        assertProblem(response, 413);
        assertNothingStoredFor(patient);
    }

    @Test
    void recordOfExactlyOneMebibyteIsAccepted() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        byte[] limit = new byte[1024 * 1024];
        Arrays.fill(limit, (byte) 'y');

        var response = send("POST", "/api/patients/" + patient + "/records", token(patient, Role.PATIENT),
                "application/dicom", limit);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    @Test
    void recordOfATypeNotOnTheListIsUnsupportedMediaTypeNamingTheAcceptedTypesAndNothingIsStored() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);

        for (String type : List.of("text/html", "application/octet-stream", "image/svg+xml", "application/javascript",
                "application/xhtml+xml", "text/*", "*/*", "not a media type")) {
            var response = send("POST", "/api/patients/" + patient + "/records", token(patient, Role.PATIENT), type,
                    "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));

            var problem = assertProblem(response, 415);
            assertThat(problem.get("detail").asString()).as(type)
                    .isEqualTo(type + " is not a media type accepted for records; accepted: " + String.join(", ", ACCEPTED));
            assertThat(problem.get("contentType").asString()).isEqualTo(type);
            assertThat(json.convertValue(problem.get("accepted"), List.class)).isEqualTo(ACCEPTED);
        }
        // refused for its type before it is read, so before its size counts
        assertProblem(send("POST", "/api/patients/" + patient + "/records", token(patient, Role.PATIENT), "text/html",
                new byte[1024 * 1024 + 1]), 415);
        assertNothingStoredFor(patient);
    }

    @Test
    void recordWithoutContentTypeIsUnsupportedMediaTypeAndNothingIsStored() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);

        var response = send("POST", "/api/patients/" + patient + "/records", token(patient, Role.PATIENT), null,
                "untyped".getBytes(StandardCharsets.UTF_8));

        assertThat(assertProblem(response, 415).get("detail").asString())
                .isEqualTo("a record needs a Content-Type; accepted: " + String.join(", ", ACCEPTED));
        assertNothingStoredFor(patient);
    }

    @Test
    void recordTypeWithParametersIsUnsupportedMediaTypeAndNothingIsStored() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);

        for (String type : List.of("text/plain; charset=utf-8", "application/fhir+json; fhirVersion=4.0",
                "application/pdf;", "image/png ;x=\"a;b\"")) {
            var response = send("POST", "/api/patients/" + patient + "/records", token(patient, Role.PATIENT), type,
                    "typed".getBytes(StandardCharsets.UTF_8));

            assertThat(assertProblem(response, 415).get("detail").asString()).as(type)
                    .startsWith("a record's Content-Type is a bare type/subtype without parameters, not " + type);
        }
        assertNothingStoredFor(patient);
    }

    @Test
    void recordTypeReachesTheTransactionAndTheVaultBareAndLowerCased() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String token = token(patient, Role.PATIENT);

        String recordId = addRecord(patient, token, " Application/FHIR+JSON ", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(jdbc.sql("SELECT content_type FROM records WHERE record_id = :r").param("r", recordId)
                .query(String.class).single()).isEqualTo("application/fhir+json");
        assertThat(LEDGER.submitted().stream()
                .filter(tx -> tx.type() == TransactionType.RECORD_ADDED && recordId.equals(tx.meta(Metadata.RECORD_ID)))
                .map(tx -> tx.meta(Metadata.CONTENT_TYPE)).toList()).containsExactly("application/fhir+json");
        assertThat(get("/api/patients/" + patient + "/records/" + recordId, token).headers().firstValue("Content-Type"))
                .hasValue("application/fhir+json");
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
