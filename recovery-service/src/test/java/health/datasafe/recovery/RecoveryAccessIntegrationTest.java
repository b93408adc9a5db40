package health.datasafe.recovery;

import health.datasafe.contracts.Role;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.devsupport.TokenDefects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RecoveryAccessIntegrationTest extends RecoveryServiceTestBase {

    private static final List<String[]> ENDPOINTS = List.of(
            new String[]{"GET", "/api/recovery/witness"},
            new String[]{"GET", "/api/recovery/incidents"},
            new String[]{"POST", "/api/recovery/audit"},
            new String[]{"POST", "/api/recovery/rebuilds"},
            new String[]{"GET", "/api/recovery/rebuilds"},
            new String[]{"GET", "/api/recovery/rebuilds/" + UUID.randomUUID()});

    private static final List<String[]> ADMIN_ONLY = ENDPOINTS.stream()
            .filter(endpoint -> endpoint[1].startsWith("/api/recovery/rebuilds")).toList();

    @Test
    void patientIsRefusedEveryRecoveryEndpoint() throws Exception {
        String patient = RealInfrastructure.tokens().mint("patient-b", Role.PATIENT);
        for (String[] endpoint : ENDPOINTS) {
            var response = call(endpoint[0], endpoint[1], patient);

            assertThat(response.statusCode()).as(endpoint[1]).isEqualTo(403);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json.readTree(response.body()).get("status").asInt()).isEqualTo(403);
        }
    }

    @Test
    void clinicianIsRefusedEveryRecoveryEndpoint() throws Exception {
        String clinician = RealInfrastructure.tokens().mint("clinician-c", Role.CLINICIAN);
        for (String[] endpoint : ENDPOINTS) {
            assertThat(call(endpoint[0], endpoint[1], clinician).statusCode()).as(endpoint[1]).isEqualTo(403);
        }
    }

    @Test
    void expiredOrMissingTokenIsUnauthorized() throws Exception {
        String expired = RealInfrastructure.tokens().mint("auditor-x", Role.AUDITOR, Duration.ofMinutes(-5));
        for (String[] endpoint : ENDPOINTS) {
            var response = call(endpoint[0], endpoint[1], expired);
            assertThat(response.statusCode()).as(endpoint[1]).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(call(endpoint[0], endpoint[1], null).statusCode()).as(endpoint[1]).isEqualTo(401);
        }
    }

    @ParameterizedTest
    @MethodSource("defectiveAuditorTokens")
    void aDefectiveAuditorTokenIsUnauthorizedOnEveryEndpoint(TokenDefects.Defect defect) throws Exception {
        for (String[] endpoint : ENDPOINTS) {
            var response = call(endpoint[0], endpoint[1], defect.token());
            assertThat(response.statusCode()).as(endpoint[1]).isEqualTo(401);
            assertThat(json.readTree(response.body()).get("detail").asString())
                    .isEqualTo("the bearer token is invalid or has expired");
        }
    }

    static List<TokenDefects.Defect> defectiveAuditorTokens() {
        return TokenDefects.of(RealInfrastructure.tokens(), "auditor-defect", Role.AUDITOR);
    }

    @Test
    void auditorIsRefusedEveryRebuildEndpoint() throws Exception {
        String auditor = auditorToken();
        for (String[] endpoint : ADMIN_ONLY) {
            String body = endpoint[0].equals("POST") ? "{\"service\":\"ledger-service\"}" : null;
            var response = send(endpoint[0], endpoint[1], auditor, body == null ? null : "application/json", body);

            assertThat(response.statusCode()).as(endpoint[1]).isEqualTo(403);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
    }

    @Test
    void auditorAndAdministratorMayReadTheWitness() throws Exception {
        String admin = RealInfrastructure.tokens().mint("admin-a", Role.ADMIN);

        assertThat(call("GET", "/api/recovery/witness", auditorToken()).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/recovery/incidents", admin).statusCode()).isEqualTo(200);
    }
}
