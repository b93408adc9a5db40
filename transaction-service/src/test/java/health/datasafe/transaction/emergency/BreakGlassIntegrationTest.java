package health.datasafe.transaction.emergency;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.KeyPossession;
import health.datasafe.integrity.UserSignatures;
import health.datasafe.transaction.TransactionServiceTestBase;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BreakGlassIntegrationTest extends TransactionServiceTestBase {

    private static final String NOT_AFTER = "2040-01-01T00:05:00Z";

    private final Ed25519.SigningKey clinicianKey = Ed25519.SigningKey.generate();

    /** Registers a clinician with {@link #clinicianKey}, as he would with {@code dsh register}. */
    private String clinician() throws Exception {
        String clinician = uniqueId("dr");
        var response = postJson("/api/identities", token(clinician, Role.CLINICIAN), """
                {"publicKey":"%s","keyProof":"%s"}""".formatted(clinicianKey.verifyingKey().toX509(),
                KeyPossession.prove(clinicianKey, clinician, Role.CLINICIAN.name())), "Prefer", "wait=10");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return clinician;
    }

    private String body(String reason, Instant validUntil, String consentId, String signature) {
        var fields = new HashMap<String, String>();
        if (reason != null) {
            fields.put("reason", reason);
        }
        if (validUntil != null) {
            fields.put("validUntil", validUntil.toString());
        }
        if (consentId != null) {
            fields.put("consentId", consentId);
        }
        if (signature != null) {
            fields.put("notAfter", NOT_AFTER);
            fields.put("signature", signature);
        }
        return json.writeValueAsString(fields);
    }

    @Test
    void aClinicianBreaksTheGlassWithASignedWindowAndAReasonOnlyItsCommitmentCarries() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String clinician = clinician();
        String consentId = uniqueId("bg");
        Instant until = Instant.now().plus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        String reason = "unconscious in resus, marker " + consentId;
        var signed = Map.of(Metadata.CONSENT_ID, consentId, Metadata.PURPOSE, "EMERGENCY",
                Metadata.VALID_UNTIL, until.toString(), Metadata.NOT_AFTER, NOT_AFTER);
        String signature = UserSignatures.sign(clinicianKey, TransactionType.EMERGENCY_ACCESS, patient, clinician,
                signed);

        var response = postJson("/api/patients/" + patient + "/break-glass", token(clinician, Role.CLINICIAN),
                body(reason, until, consentId, signature), "Prefer", "wait=10");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        var answer = jsonOf(response);
        assertThat(answer.get("consentId").asString()).isEqualTo(consentId);
        assertThat(answer.get("validUntil").asString()).isEqualTo(until.toString());
        assertThat(answer.get("status").asString()).isEqualTo("COMMITTED");
        Transaction tx = published(answer.get("transactionId").asString());
        assertThat(tx.type()).isEqualTo(TransactionType.EMERGENCY_ACCESS);
        assertThat(tx.patientId()).isEqualTo(patient);
        assertThat(tx.actorId()).isEqualTo(clinician);
        var expected = new HashMap<>(signed);
        expected.put(Metadata.USER_SIGNATURE, signature);
        assertThat(tx.metadata()).isEqualTo(expected);
        assertThat(UserSignatures.signedBy(tx, clinicianKey.verifyingKey().toX509())).isTrue();
        assertThat(tx.payloadHash()).isEqualTo(jdbc.sql("SELECT commitment FROM records WHERE record_id = :id")
                .param("id", consentId).query(String.class).single());

        byte[] marker = consentId.getBytes(StandardCharsets.UTF_8);
        byte[] written = reason.getBytes(StandardCharsets.UTF_8);
        assertThat(columnsHolding(written)).as("the reason is sealed, never stored in the clear").isEmpty();
        for (String topic : new String[]{Topics.TX_SUBMITTED, Topics.VAULT_RECORDS}) {
            assertThat(upToTheEnd(topic)).as(topic).noneMatch(record -> contains(record.value(), written))
                    .anyMatch(record -> contains(record.value(), marker));
        }
    }

    @Test
    void aBreakGlassWithoutAReasonOrAWindowInTheFutureOrSignedWithoutItsIdIsABadRequestAndNothingIsSubmitted()
            throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String clinician = clinician();
        String token = token(clinician, Role.CLINICIAN);
        String path = "/api/patients/" + patient + "/break-glass";
        Instant soon = Instant.now().plus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        String anySignature = "A".repeat(86) + "==";

        assertProblem(postJson(path, token, null), 400);
        assertThat(assertProblem(postJson(path, token, body(null, soon, null, null)), 400).get("field").asString())
                .isEqualTo("reason");
        assertThat(assertProblem(postJson(path, token, body("  ", soon, null, null)), 400).get("field").asString())
                .isEqualTo("reason");
        assertThat(assertProblem(postJson(path, token, body("crash", null, null, null)), 400).get("field").asString())
                .isEqualTo("validUntil");
        assertThat(assertProblem(postJson(path, token, body("crash", Instant.now().minusSeconds(60)
                .truncatedTo(ChronoUnit.MILLIS), null, null)), 400).get("field").asString()).isEqualTo("validUntil");
        assertThat(assertProblem(postJson(path, token, body("crash", soon, null, anySignature)), 400)
                .get("field").asString()).isEqualTo("consentId");

        assertThat(LEDGER.submitted()).noneMatch(tx -> tx.type() == TransactionType.EMERGENCY_ACCESS
                && patient.equals(tx.patientId()));
    }

    @Test
    void aBreakGlassTheValidatorRejectsKeepsNoReason() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String clinician = clinician();
        String consentId = uniqueId("bg");
        LEDGER.rejectWhen(tx -> consentId.equals(tx.meta(Metadata.CONSENT_ID)),
                RejectionReason.EMERGENCY_WINDOW_INVALID, "longer than the policy allows");

        var refused = postJson("/api/patients/" + patient + "/break-glass", token(clinician, Role.CLINICIAN),
                body("crash", Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS), consentId,
                        null), "Prefer", "wait=10");

        assertThat(assertProblem(refused, 400).get("reason").asString()).isEqualTo("EMERGENCY_WINDOW_INVALID");
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM records WHERE record_id = :id",
                Map.of("id", consentId)) == 0);
    }

    @Test
    void onlyAClinicianBreaksTheGlassAndNothingIsSealedForAPatientNobodyRegistered() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String other = register(uniqueId("patient"), Role.PATIENT);
        String auditor = register(uniqueId("auditor"), Role.AUDITOR);
        String clinician = clinician();
        String path = "/api/patients/" + patient + "/break-glass";
        String body = body("crash", Instant.now().plus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS), null,
                null);

        assertProblem(postJson(path, token(patient, Role.PATIENT), body), 403);
        assertProblem(postJson(path, token(other, Role.PATIENT), body), 403);
        assertProblem(postJson(path, token(auditor, Role.AUDITOR), body), 403);
        assertThat(LEDGER.submitted()).noneMatch(tx -> tx.type() == TransactionType.EMERGENCY_ACCESS
                && tx.patientId().equals(patient));

        // on nobody's records it is judged like any other (the validator refuses it), and nothing is sealed
        String nobody = "nobody-" + patient;
        LEDGER.rejectWhen(tx -> nobody.equals(tx.patientId()), RejectionReason.UNKNOWN_PATIENT, "not registered");
        assertProblem(postJson("/api/patients/" + nobody + "/break-glass", token(clinician, Role.CLINICIAN), body,
                "Prefer", "wait=10"), 404);
        assertThat(count("SELECT count(*) FROM records WHERE patient_id = :p", Map.of("p", nobody))).isZero();
        assertThat(count("SELECT count(*) FROM patient_keys WHERE patient_id = :p", Map.of("p", nobody))).isZero();
    }

    @Test
    void anAuditorReadsTheReasonForOperationsAndRecordsHerSignedFinding() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String clinician = clinician();
        var auditorKey = Ed25519.SigningKey.generate();
        String auditor = uniqueId("audrey");
        assertThat(postJson("/api/identities", token(auditor, Role.AUDITOR), """
                {"publicKey":"%s","keyProof":"%s"}""".formatted(auditorKey.verifyingKey().toX509(),
                KeyPossession.prove(auditorKey, auditor, Role.AUDITOR.name())), "Prefer", "wait=10").statusCode())
                .isEqualTo(201);
        var opened = postJson("/api/patients/" + patient + "/break-glass", token(clinician, Role.CLINICIAN),
                body("found collapsed at home", Instant.now().plus(5, ChronoUnit.MINUTES)
                        .truncatedTo(ChronoUnit.MILLIS), null, null), "Prefer", "wait=10");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String consentId = jsonOf(opened).get("consentId").asString();

        var reason = get("/api/patients/" + patient + "/records/" + consentId, token(auditor, Role.AUDITOR));
        assertThat(reason.statusCode()).isEqualTo(200);
        assertThat(new String(reason.body(), StandardCharsets.UTF_8)).isEqualTo("found collapsed at home");
        Transaction read = published(reason.headers().firstValue("DSH-Transaction-Id").orElseThrow());
        assertThat(read.meta(Metadata.PURPOSE)).as("an auditor reads for OPERATIONS").isEqualTo("OPERATIONS");

        String path = "/api/patients/" + patient + "/break-glass/" + consentId + "/reviews";
        var signed = Map.of(Metadata.CONSENT_ID, consentId, Metadata.FINDING, "JUSTIFIED", Metadata.NOT_AFTER,
                NOT_AFTER);
        String signature = UserSignatures.sign(auditorKey, TransactionType.EMERGENCY_REVIEWED, patient, auditor,
                signed);
        var review = postJson(path, token(auditor, Role.AUDITOR), """
                {"finding":"JUSTIFIED","notAfter":"%s","signature":"%s"}""".formatted(NOT_AFTER, signature),
                "Prefer", "wait=10");

        assertThat(review.statusCode()).as(review.body()).isEqualTo(201);
        assertThat(jsonOf(review).get("finding").asString()).isEqualTo("JUSTIFIED");
        Transaction reviewed = published(jsonOf(review).get("transactionId").asString());
        assertThat(reviewed.type()).isEqualTo(TransactionType.EMERGENCY_REVIEWED);
        assertThat(reviewed.actorId()).isEqualTo(auditor);
        assertThat(UserSignatures.signedBy(reviewed, auditorKey.verifyingKey().toX509())).isTrue();
        assertThat(assertProblem(postJson(path, token(auditor, Role.AUDITOR), "{\"finding\":\"FINE\"}"), 400)
                .get("field").asString()).isEqualTo("finding");
        assertProblem(postJson(path, token(clinician, Role.CLINICIAN), "{\"finding\":\"JUSTIFIED\"}"), 403);
        assertProblem(postJson(path, token(patient, Role.PATIENT), "{\"finding\":\"JUSTIFIED\"}"), 403);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null) {
            return false; // a tombstone
        }
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    private static Transaction published(String id) {
        return await().atMost(PATIENCE).until(
                () -> LEDGER.submitted().stream().filter(tx -> tx.id().equals(id)).findFirst().orElse(null),
                tx -> tx != null);
    }
}
