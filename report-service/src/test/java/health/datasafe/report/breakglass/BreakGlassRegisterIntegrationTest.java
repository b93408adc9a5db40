package health.datasafe.report.breakglass;

import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.ReviewFinding;
import health.datasafe.contracts.Role;
import health.datasafe.report.ReportServiceTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BreakGlassRegisterIntegrationTest extends ReportServiceTestBase {

    private HttpResponse<String> register(String query, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/break-glass" + query))
                .header("Authorization", "Bearer " + token).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The register's entry for this break-glass, once the register lists it under {@code query}. */
    private JsonNode awaitListed(String query, String consentId) {
        String auditor = tokenOf(uniqueId("auditor"), Role.AUDITOR);
        return await().atMost(PATIENCE).until(() -> {
            var response = register(query, auditor);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return StreamSupport.stream(json.readTree(response.body()).get("breakGlasses").spliterator(), false)
                    .filter(entry -> entry.get("consentId").asString().equals(consentId))
                    .findFirst().orElse(null);
        }, entry -> entry != null);
    }

    private boolean listed(String query, String consentId) throws Exception {
        var response = register(query, tokenOf(uniqueId("auditor"), Role.AUDITOR));
        return StreamSupport.stream(json.readTree(response.body()).get("breakGlasses").spliterator(), false)
                .anyMatch(entry -> entry.get("consentId").asString().equals(consentId));
    }

    @Test
    void theQueueListsEachBreakGlassUntilAnAuditorReviewsItWithTheEmergencyReadsUnderIt() throws Exception {
        String patient = uniqueId("patient");
        String clinician = uniqueId("dr");
        String auditor = uniqueId("audrey");
        Instant until = Instant.now().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MILLIS);
        var reviewed = ledger.emergencyAccess(patient, clinician, "bg-" + patient, until);
        var open = ledger.emergencyAccess(patient, uniqueId("dr"), "bg2-" + patient, until);
        publish(ledger.block(0, reviewed,
                ledger.accessed(patient, clinician, "rec-1", Purpose.EMERGENCY),
                ledger.accessed(patient, clinician, "rec-2", Purpose.EMERGENCY),
                ledger.accessed(patient, clinician, "rec-3", Purpose.TREATMENT),
                open));

        JsonNode queued = awaitListed("", "bg-" + patient);
        assertThat(queued.get("patientId").asString()).isEqualTo(patient);
        assertThat(queued.get("clinicianId").asString()).isEqualTo(clinician);
        assertThat(queued.get("transactionId").asString()).isEqualTo(reviewed.id());
        assertThat(queued.get("validUntil").asString()).isEqualTo(until.toString());
        assertThat(queued.get("emergencyReads").asLong()).as("two reads for EMERGENCY, not the one for TREATMENT")
                .isEqualTo(2);
        assertThat(queued.get("review").isNull()).isTrue();

        publish(ledger.block(0, ledger.emergencyReviewed(patient, auditor, "bg-" + patient, ReviewFinding.JUSTIFIED),
                ledger.emergencyReviewed(patient, auditor, "bg-" + patient, ReviewFinding.UNJUSTIFIED)));

        JsonNode done = awaitListed("?status=reviewed", "bg-" + patient);
        assertThat(done.get("review").get("auditorId").asString()).isEqualTo(auditor);
        assertThat(done.get("review").get("finding").asString()).as("the latest review").isEqualTo("UNJUSTIFIED");
        assertThat(listed("", "bg-" + patient)).as("no longer queued").isFalse();
        assertThat(listed("", "bg2-" + patient)).isTrue();
        assertThat(listed("?status=all", "bg-" + patient)).isTrue();
        JsonNode log = awaitEntries(patient, tokenOf(patient, Role.PATIENT), 7).get("entries");
        assertThat(log.get(6).get("outcome").asString()).as("she sees the review too").isEqualTo("BREAK_GLASS_REVIEWED");
        assertThat(log.get(6).get("reason").asString()).isEqualTo("UNJUSTIFIED");
    }

    @Test
    void onlyAuditorsAndAdministratorsSeeTheRegister() throws Exception {
        assertThat(register("", tokenOf(uniqueId("admin"), Role.ADMIN)).statusCode()).isEqualTo(200);
        for (Role role : new Role[]{Role.PATIENT, Role.CLINICIAN}) {
            var refused = register("", tokenOf(uniqueId("someone"), role));
            assertThat(refused.statusCode()).as(role.name()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        }
    }

    @Test
    void anUnknownStatusOrALimitOutOfRangeIsABadRequest() throws Exception {
        String auditor = tokenOf(uniqueId("auditor"), Role.AUDITOR);
        for (String query : new String[]{"?status=pending", "?limit=0", "?limit=5001", "?limit=many"}) {
            var response = register(query, auditor);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        }
    }
}
