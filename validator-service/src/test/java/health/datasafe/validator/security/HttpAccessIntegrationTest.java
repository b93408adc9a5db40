package health.datasafe.validator.security;

import health.datasafe.contracts.Role;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.validator.ValidatorServiceTestBase;
import health.datasafe.devsupport.TokenDefects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The validator's only open door is the actuator's health; anything else needs a valid bearer token. */
class HttpAccessIntegrationTest extends ValidatorServiceTestBase {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsOpenToAnyone() throws Exception {
        var health = get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
    }

    @Test
    void anyOtherPathWithoutATokenIsRefusedWithProblemDetails() throws Exception {
        var response = get("/api/patients/p-a/consents", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value ->
                assertThat(value).startsWith("Bearer"));
    }

    @Test
    void expiredTokenIsRefused() throws Exception {
        String expired = RealInfrastructure.tokens().mint("p-a", Role.PATIENT, Duration.ofMinutes(-5));
        assertThat(get("/api/patients/p-a/consents", expired).statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @MethodSource("defectiveTokens")
    void aDefectiveTokenIsRefusedWithAProblem(TokenDefects.Defect defect) throws Exception {
        var response = get("/api/patients/p-a/consents", defect.token());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("the bearer token is invalid or has expired");
    }

    static List<TokenDefects.Defect> defectiveTokens() {
        return TokenDefects.of(RealInfrastructure.tokens(), "p-a", Role.PATIENT);
    }

    @Test
    void anotherPatientsTokenFindsNothingOfPatientA() throws Exception {
        String patientB = RealInfrastructure.tokens().mint("p-b", Role.PATIENT);
        var response = get("/api/patients/p-a/consents", patientB);
        // authenticated, yet the validator serves no patient data at all
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
    }
}
