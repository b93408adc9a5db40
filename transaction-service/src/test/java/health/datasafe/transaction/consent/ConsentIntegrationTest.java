package health.datasafe.transaction.consent;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Transactions;
import health.datasafe.integrity.UserSignatures;
import health.datasafe.transaction.TransactionServiceTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ConsentIntegrationTest extends TransactionServiceTestBase {

    @Test
    void patientGrantsAConsentThatIsCommittedWithItsPeriod() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String clinician = register(uniqueId("clinician"), Role.CLINICIAN);

        var response = postJson("/api/patients/" + patient + "/consents", token(patient, Role.PATIENT), """
                {"grantee":"%s","purpose":"TREATMENT","validFrom":"2025-01-01T00:00:00Z","validUntil":"2030-01-01T00:00:00.250Z","action":"read"}"""
                .formatted(clinician), "Prefer", "wait=10");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        var body = jsonOf(response);
        assertThat(body.get("status").asString()).isEqualTo("COMMITTED");
        String consentId = body.get("consentId").asString();
        Transaction tx = published(body.get("transactionId").asString());
        assertThat(tx.type()).isEqualTo(TransactionType.CONSENT_GRANTED);
        assertThat(tx.patientId()).isEqualTo(patient);
        assertThat(tx.actorId()).isEqualTo(patient);
        assertThat(tx.metadata()).isEqualTo(Map.of(Metadata.CONSENT_ID, consentId, Metadata.GRANTEE, clinician,
                Metadata.ACTION, "read", Metadata.PURPOSE, "TREATMENT", Metadata.VALID_FROM, "2025-01-01T00:00:00Z",
                Metadata.VALID_UNTIL, "2030-01-01T00:00:00.250Z"));
        assertThat(tx.payloadHash()).isEqualTo(Transactions.metadataHash(tx.metadata()));
    }

    @Test
    void aPatientListsHerConsentsCurrentAndPastAndAsFhirConsentResources() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String other = register(uniqueId("patient"), Role.PATIENT);
        String clinician = register(uniqueId("clinician"), Role.CLINICIAN);
        String token = token(patient, Role.PATIENT);
        String path = "/api/patients/" + patient + "/consents";
        var gp = postJson(path, token, """
                {"consentId":"gp-%s","grantee":"%s","action":"read,write","purpose":"TREAT,ETREAT",\
                "validFrom":"2025-01-01T00:00:00Z","validUntil":"2099-01-01T00:00:00Z",\
                "exceptions":"[{\\"securityLabels\\":\\"PSY\\"}]"}""".formatted(patient, clinician), "Prefer", "wait=10");
        assertThat(gp.statusCode()).as(gp.body()).isEqualTo(201);
        var old = postJson(path, token, """
                {"consentId":"old-%s","grantee":"org:st-marys","purpose":"RESEARCH","resourceType":"Observation",\
                "validUntil":"2099-01-01T00:00:00Z"}""".formatted(patient), "Prefer", "wait=10");
        assertThat(old.statusCode()).as(old.body()).isEqualTo(201);
        assertThat(send("DELETE", path + "/old-" + patient, token, null, null, "Prefer", "wait=10").statusCode())
                .isEqualTo(201);

        var all = json.readTree(get(path, token).body());
        assertThat(all.get("consents")).hasSize(2);
        JsonNode current = all.get("consents").get(0);
        assertThat(current.get("consentId").asString()).isEqualTo("gp-" + patient);
        assertThat(current.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(current.get("terms").get("purpose").asString()).as("stored by name").isEqualTo("TREATMENT,EMERGENCY");
        assertThat(current.get("granted").get("txHash").asString()).hasSize(64);
        assertThat(current.get("revoked").isNull()).isTrue();
        JsonNode past = all.get("consents").get(1);
        assertThat(past.get("status").asString()).isEqualTo("REVOKED");
        assertThat(past.get("revokedBy").asString()).isEqualTo(patient);
        assertThat(json.readTree(get(path + "?state=current", token).body()).get("consents")).hasSize(1);
        assertThat(json.readTree(get(path + "?state=past", token).body()).get("consents").get(0)
                .get("consentId").asString()).isEqualTo("old-" + patient);
        assertProblem(send("GET", path + "?state=someday", token, null, null), 400);

        var bundle = send("GET", path, token, null, null, "Accept", "application/fhir+json");
        assertThat(bundle.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/fhir+json");
        JsonNode fhir = json.readTree(bundle.body());
        assertThat(fhir.get("resourceType").asString()).isEqualTo("Bundle");
        assertThat(fhir.get("total").asInt()).isEqualTo(2);
        JsonNode consent = fhir.get("entry").get(0).get("resource");
        assertThat(consent.get("resourceType").asString()).isEqualTo("Consent");
        assertThat(consent.get("status").asString()).isEqualTo("active");
        assertThat(consent.get("patient").get("reference").asString()).isEqualTo("Patient/" + patient);
        JsonNode provision = consent.get("provision");
        assertThat(provision.get("type").asString()).isEqualTo("permit");
        assertThat(provision.get("period").get("end").asString()).isEqualTo("2099-01-01T00:00:00Z");
        assertThat(provision.get("purpose").get(1).get("code").asString()).isEqualTo("ETREAT");
        assertThat(provision.get("action").get(1).get("text").asString()).isEqualTo("write");
        assertThat(provision.get("provision").get(0).get("type").asString()).isEqualTo("deny");
        assertThat(provision.get("provision").get(0).get("securityLabel").get(0).get("code").asString()).isEqualTo("PSY");
        JsonNode one = json.readTree(send("GET", path + "/old-" + patient, token, null, null,
                "Accept", "application/fhir+json").body());
        assertThat(one.get("status").asString()).isEqualTo("inactive");
        assertThat(one.get("provision").get("class").get(0).get("code").asString()).isEqualTo("Observation");
        assertThat(one.get("provision").get("actor").get(0).get("reference").get("reference").asString())
                .isEqualTo("Organization/st-marys");

        assertProblem(send("GET", path + "/nothing-" + patient, token, null, null), 404);
        assertProblem(send("GET", path, token(other, Role.PATIENT), null, null), 403);
        assertProblem(send("GET", path + "/gp-" + patient, token(other, Role.PATIENT), null, null), 403);
        assertProblem(send("GET", path, token(clinician, Role.CLINICIAN), null, null), 403);
        assertProblem(send("GET", "/api/patients/nobody-" + patient + "/consents", token(other, Role.PATIENT), null,
                null), 403);
    }

    @Test
    void consentStartsNowWhenNoValidFromIsGiven() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String auditor = register(uniqueId("auditor"), Role.AUDITOR);
        Instant before = Instant.now().minusSeconds(1);

        var response = postJson("/api/patients/" + patient + "/consents", token(patient, Role.PATIENT),
                "{\"grantee\":\"" + auditor + "\",\"purpose\":\"OPERATIONS\",\"validUntil\":\"2031-06-30T00:00:00Z\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Transaction tx = published(jsonOf(response).get("transactionId").asString());
        assertThat(Instant.parse(tx.meta(Metadata.VALID_FROM))).isAfter(before).isBefore(Instant.now().plusSeconds(1));
        assertThat(tx.meta(Metadata.ACTION)).isEqualTo("read");
    }

    @Test
    void patientRevokesAConsent() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String consentId = uniqueId("consent");

        var response = send("DELETE", "/api/patients/" + patient + "/consents/" + consentId, token(patient, Role.PATIENT),
                null, null, "Prefer", "wait=10");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(jsonOf(response).get("consentId").asString()).isEqualTo(consentId);
        Transaction tx = published(jsonOf(response).get("transactionId").asString());
        assertThat(tx.type()).isEqualTo(TransactionType.CONSENT_REVOKED);
        assertThat(tx.metadata()).isEqualTo(Map.of(Metadata.CONSENT_ID, consentId));
    }

    @Test
    void revokingAConsentTheValidatorDoesNotKnowIsNotFound() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String consentId = uniqueId("unknown-consent");
        LEDGER.rejectWhen(tx -> consentId.equals(tx.meta(Metadata.CONSENT_ID)), RejectionReason.UNKNOWN_CONSENT, null);

        var response = send("DELETE", "/api/patients/" + patient + "/consents/" + consentId, token(patient, Role.PATIENT),
                null, null, "Prefer", "wait=10");

        assertThat(assertProblem(response, 404).get("reason").asString()).isEqualTo("UNKNOWN_CONSENT");
    }

    @Test
    void consentForAnUnregisteredGranteeIsNotFoundAndNothingIsSubmitted() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);

        var response = postJson("/api/patients/" + patient + "/consents", token(patient, Role.PATIENT),
                "{\"grantee\":\"" + uniqueId("ghost") + "\",\"purpose\":\"TREATMENT\",\"validUntil\":\"2031-01-01T00:00:00Z\"}");

        assertProblem(response, 404);
        assertNoConsentSubmittedFor(patient);
    }

    @Test
    void malformedOrInvalidConsentsAreBadRequestsAndNothingIsSubmitted() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String clinician = register(uniqueId("clinician"), Role.CLINICIAN);
        String token = token(patient, Role.PATIENT);
        String path = "/api/patients/" + patient + "/consents";

        assertProblem(postJson(path, token, "{\"grantee\": \"" + clinician + "\", "), 400);
        var unknownField = assertProblem(postJson(path, token, """
                {"grantee":"%s","purpose":"TREATMENT","validUntil":"2031-01-01T00:00:00Z","scope":"everything"}"""
                .formatted(clinician)), 400);
        assertThat(unknownField.get("detail").asString()).contains("scope");
        assertProblem(postJson(path, token, """
                {"grantee":"%s","purpose":"TREATMENT","validFrom":"2031-01-01T00:00:00Z","validUntil":"2030-01-01T00:00:00Z"}"""
                .formatted(clinician)), 400);
        assertProblem(postJson(path, token, """
                {"grantee":"%s","purpose":"TREATMENT","validUntil":"2031-01-01T00:00:00Z","action":"delete"}"""
                .formatted(clinician)), 400);
        var unknownCodes = List.of(Map.of("resourceType", "Horoscope"), Map.of("securityLabels", "PSY,SECRET"),
                Map.of("decision", "maybe"), Map.of("purpose", "TREAT,GOSSIP"), Map.of("exceptions", "x".repeat(2049)),
                Map.of("recordIds", "r,".repeat(200) + "r"));
        for (Map<String, String> unknown : unknownCodes) {
            var body = new HashMap<String, String>(Map.of("grantee", clinician, "purpose", "TREATMENT",
                    "validUntil", "2031-01-01T00:00:00Z"));
            body.putAll(unknown);
            var invalid = assertProblem(postJson(path, token, tools.jackson.databind.json.JsonMapper.builder().build()
                    .writeValueAsString(body)), 400);
            assertThat(invalid.get("field").asString()).isEqualTo(unknown.keySet().iterator().next());
        }
        assertProblem(postJson(path, token, """
                {"grantee":"%s","purpose":"GOSSIP","validUntil":"2031-01-01T00:00:00Z"}""".formatted(clinician)), 400);
        assertProblem(postJson(path, token, "{\"grantee\":\"" + clinician + "\",\"purpose\":\"TREATMENT\"}"), 400);
        assertProblem(postJson(path, token, null), 400);
        assertProblem(send("POST", path, token, "text/plain", "grantee=x".getBytes()), 415);
        assertNoConsentSubmittedFor(patient);
    }

    @Test
    void aClinicianGrantsAndRevokesInHisOwnNameWhichTheValidatorJudgesAsADelegates() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String clinician = register(uniqueId("clinician"), Role.CLINICIAN);
        String stranger = register(uniqueId("clinician"), Role.CLINICIAN);
        // as the validator refuses a clinician she did not make her delegate
        LEDGER.rejectWhen(tx -> stranger.equals(tx.actorId()), RejectionReason.ROLE_NOT_ALLOWED, "not her delegate");
        String body = "{\"grantee\":\"" + stranger + "\",\"purpose\":\"TREATMENT\",\"validUntil\":\"2031-01-01T00:00:00Z\"}";

        var byDelegate = postJson("/api/patients/" + patient + "/consents", token(clinician, Role.CLINICIAN), body,
                "Prefer", "wait=10");
        assertThat(byDelegate.statusCode()).as(byDelegate.body()).isEqualTo(201);
        var revoked = send("DELETE", "/api/patients/" + patient + "/consents/" + jsonOf(byDelegate).get("consentId").asString(),
                token(clinician, Role.CLINICIAN), null, null, "Prefer", "wait=10");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(201);
        assertThat(LEDGER.submitted()).filteredOn(tx -> patient.equals(tx.patientId()) && tx.type() != TransactionType.IDENTITY_REGISTERED)
                .extracting(Transaction::actorId).containsExactly(clinician, clinician);

        var byStranger = postJson("/api/patients/" + patient + "/consents", token(stranger, Role.CLINICIAN), body,
                "Prefer", "wait=10");
        assertThat(assertProblem(byStranger, 403).get("reason").asString()).isEqualTo("ROLE_NOT_ALLOWED");
        assertProblem(send("GET", "/api/patients/" + patient + "/consents", token(clinician, Role.CLINICIAN), null, null), 403);
        assertProblem(send("GET", "/api/patients/" + patient + "/consents/c-1", token(clinician, Role.CLINICIAN), null, null), 403);
        assertProblem(postJson("/api/patients/" + patient + "/consents", token(register(uniqueId("auditor"), Role.AUDITOR),
                Role.AUDITOR), body), 403);
    }

    @Test
    void aConsentThePatientSignedIsSubmittedWithHerSignatureOfExactlyWhatItGrants() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String clinician = register(uniqueId("clinician"), Role.CLINICIAN);
        var key = Ed25519.SigningKey.generate();
        String consentId = uniqueId("consent");
        var signedMetadata = Map.of(Metadata.CONSENT_ID, consentId, Metadata.GRANTEE, clinician, Metadata.ACTION, "read",
                Metadata.PURPOSE, "TREATMENT", Metadata.VALID_FROM, "2026-01-01T00:00:00Z",
                Metadata.VALID_UNTIL, "2027-01-01T00:00:00Z", Metadata.NOT_AFTER, "2040-01-01T00:05:00Z");
        String signature = UserSignatures.sign(key, TransactionType.CONSENT_GRANTED, patient, patient, signedMetadata);

        var response = postJson("/api/patients/" + patient + "/consents", token(patient, Role.PATIENT), """
                {"consentId":"%s","grantee":"%s","purpose":"TREATMENT","validFrom":"2026-01-01T00:00:00.000Z",
                 "validUntil":"2027-01-01T00:00:00Z","notAfter":"2040-01-01T00:05:00Z","signature":"%s"}"""
                .formatted(consentId, clinician, signature), "Prefer", "wait=10");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(jsonOf(response).get("consentId").asString()).isEqualTo(consentId);
        Transaction tx = published(jsonOf(response).get("transactionId").asString());
        var expected = new HashMap<>(signedMetadata);
        expected.put(Metadata.USER_SIGNATURE, signature);
        assertThat(tx.metadata()).isEqualTo(expected);
        assertThat(UserSignatures.signedBy(tx, key.verifyingKey().toX509())).isTrue();
    }

    @Test
    void aRevocationThePatientSignedCarriesHerSignatureInItsBody() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        var key = Ed25519.SigningKey.generate();
        String consentId = uniqueId("consent");
        String signature = UserSignatures.sign(key, TransactionType.CONSENT_REVOKED, patient, patient,
                Map.of(Metadata.CONSENT_ID, consentId, Metadata.NOT_AFTER, "2040-01-01T00:05:00Z"));

        var response = send("DELETE", "/api/patients/" + patient + "/consents/" + consentId, token(patient, Role.PATIENT),
                "application/json", ("{\"notAfter\":\"2040-01-01T00:05:00Z\",\"signature\":\"" + signature + "\"}")
                        .getBytes(StandardCharsets.UTF_8), "Prefer", "wait=10");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Transaction tx = published(jsonOf(response).get("transactionId").asString());
        assertThat(tx.metadata()).containsEntry(Metadata.USER_SIGNATURE, signature);
        assertThat(UserSignatures.signedBy(tx, key.verifyingKey().toX509())).isTrue();
    }

    @Test
    void aSignedConsentWithoutItsIdStartNotAfterOrAWholeSignatureIsABadRequestAndNothingIsSubmitted() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String clinician = register(uniqueId("clinician"), Role.CLINICIAN);
        String token = token(patient, Role.PATIENT);
        String path = "/api/patients/" + patient + "/consents";
        String signature = "A".repeat(86) + "==";
        String grant = "{\"grantee\":\"" + clinician + "\",\"purpose\":\"TREATMENT\",\"validUntil\":\"2031-01-01T00:00:00Z\"";

        var missing = Map.of(
                "consentId", grant + ",\"validFrom\":\"2030-01-01T00:00:00Z\",\"notAfter\":\"2040-01-01T00:00:00Z\",\"signature\":\"" + signature + "\"}",
                "validFrom", grant + ",\"consentId\":\"c-1\",\"notAfter\":\"2040-01-01T00:00:00Z\",\"signature\":\"" + signature + "\"}",
                "notAfter", grant + ",\"consentId\":\"c-1\",\"validFrom\":\"2030-01-01T00:00:00Z\",\"signature\":\"" + signature + "\"}",
                "signature", grant + ",\"consentId\":\"c-1\",\"validFrom\":\"2030-01-01T00:00:00Z\",\"notAfter\":\"2040-01-01T00:00:00Z\",\"signature\":\"c2hvcnQ=\"}");
        for (var body : missing.entrySet()) {
            assertThat(assertProblem(postJson(path, token, body.getValue()), 400).get("field").asString())
                    .isEqualTo(body.getKey());
        }
        assertThat(assertProblem(send("DELETE", path + "/c-1", token, "application/json",
                "{\"signature\":\"".concat(signature).concat("\"}").getBytes(StandardCharsets.UTF_8)), 400)
                .get("field").asString()).isEqualTo("notAfter");
        assertNoConsentSubmittedFor(patient);
    }

    @Test
    void aConsentTheValidatorFindsNotSignedByThePatientIsForbidden() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String clinician = register(uniqueId("clinician"), Role.CLINICIAN);
        LEDGER.rejectWhen(tx -> patient.equals(tx.patientId()) && tx.type() == TransactionType.CONSENT_GRANTED,
                RejectionReason.USER_SIGNATURE_INVALID, patient + " registered a key");

        var response = postJson("/api/patients/" + patient + "/consents", token(patient, Role.PATIENT),
                "{\"grantee\":\"" + clinician + "\",\"purpose\":\"TREATMENT\",\"validUntil\":\"2031-01-01T00:00:00Z\"}",
                "Prefer", "wait=10");

        assertThat(assertProblem(response, 403).get("reason").asString()).isEqualTo("USER_SIGNATURE_INVALID");
    }

    private void assertNoConsentSubmittedFor(String patientId) {
        assertThat(count("SELECT count(*) FROM transactions WHERE patient_id = :p AND type LIKE 'CONSENT_%'",
                Map.of("p", patientId))).isZero();
    }

    private static Transaction published(String id) {
        return await().atMost(PATIENCE).until(
                () -> LEDGER.submitted().stream().filter(tx -> tx.id().equals(id)).findFirst().orElse(null),
                tx -> tx != null);
    }
}
