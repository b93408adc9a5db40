package health.datasafe.transaction.web;

import health.datasafe.contracts.Role;
import health.datasafe.transaction.TransactionServiceTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two JSON endpoints, {@code POST /api/identities} and {@code POST /api/patients/{p}/consents}: a body must be
 * declared as JSON, and must be JSON that can be canonicalized, before anything is looked up or submitted.
 */
class JsonBodyIntegrationTest extends TransactionServiceTestBase {

    /** A JSON endpoint as one caller sees it: a body it would accept, and the transaction that body would submit. */
    private record Endpoint(String path, String token, String actorId, String body, String submits) {

        String bodyWith(String member) {
            return body.substring(0, body.length() - 1) + "," + member + "}";
        }
    }

    private Endpoint endpoint(String which) throws Exception {
        if (which.equals("identities")) {
            String patient = uniqueId("patient");
            return new Endpoint("/api/identities", token(patient, Role.PATIENT), patient,
                    keyed(patient, Role.PATIENT, "\"role\":\"PATIENT\""), "IDENTITY_REGISTERED");
        }
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String clinician = register(uniqueId("clinician"), Role.CLINICIAN);
        return new Endpoint("/api/patients/" + patient + "/consents", token(patient, Role.PATIENT), patient,
                "{\"grantee\":\"" + clinician + "\",\"purpose\":\"TREATMENT\",\"validUntil\":\"2031-01-01T00:00:00Z\"}",
                "CONSENT_GRANTED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"identities", "consents"})
    void aBodyWithoutContentTypeIsUnsupportedMediaTypeAndSubmitsNothing(String which) throws Exception {
        Endpoint endpoint = endpoint(which);
        long before = submittedBy(endpoint);

        var response = send("POST", endpoint.path(), endpoint.token(), null, bytes(endpoint.body()), "Prefer", "wait=5");

        var problem = assertProblem(response, 415);
        assertThat(problem.get("detail").asString())
                .isEqualTo("the JSON body came without a Content-Type; accepted: application/json, application/*+json, "
                        + "with no parameter but charset=utf-8");
        assertThat(submittedBy(endpoint)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"identities", "consents"})
    void aBodyDeclaredAsAnythingButJsonIsUnsupportedMediaTypeAndSubmitsNothing(String which) throws Exception {
        Endpoint endpoint = endpoint(which);
        long before = submittedBy(endpoint);

        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/xml", "text/json",
                "application/json-seq", "application/*+json", "application/json; charset=iso-8859-1",
                "application/json; version=2", "not a media type")) {
            var problem = assertProblem(send("POST", endpoint.path(), endpoint.token(), type, bytes(endpoint.body())), 415);
            assertThat(problem.get("contentType").asString()).as(type).isEqualTo(type);
            assertThat(problem.get("accepted").toString()).isEqualTo("[\"application/json\",\"application/*+json\"]");
        }
        // refused for its type before it is read, so before its size counts
        assertProblem(send("POST", endpoint.path(), endpoint.token(), "text/plain", new byte[1024 * 1024 + 1]), 415);
        assertThat(submittedBy(endpoint)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"identities", "consents"})
    void jsonAndStructuredSyntaxJsonAreAcceptedWithAUtf8CharsetOrNone(String which) throws Exception {
        for (String type : List.of("application/json", "application/json; charset=utf-8", "Application/JSON;charset=\"UTF-8\"",
                "application/vnd.datasafehealth+json")) {
            Endpoint endpoint = endpoint(which);

            var response = send("POST", endpoint.path(), endpoint.token(), type, bytes(endpoint.body()));

            assertThat(response.statusCode()).as(type + ": " + response.body()).isEqualTo(202);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"identities", "consents"})
    void aBodyWithALoneSurrogateIsMalformedAndSubmitsNothing(String which) throws Exception {
        Endpoint endpoint = endpoint(which);
        String loneSurrogate = which.equals("consents")
                ? endpoint.body().replaceFirst("\"grantee\":\"", "\"grantee\":\"x\\\\ud800y")
                : "{\"role\":\"PATIENT\",\"publicKey\":\"x\\ud800y\"}";
        assertThat(loneSurrogate).contains("\\ud800");

        var problem = assertProblem(postJson(endpoint.path(), endpoint.token(), loneSurrogate), 400);

        assertThat(problem.get("detail").asString()).isEqualTo("not valid JSON: lone surrogate U+D800 in a string");
        assertThat(submittedBy(endpoint)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"identities", "consents"})
    void aBodyWithADuplicateNameIsMalformedAndSubmitsNothing(String which) throws Exception {
        Endpoint endpoint = endpoint(which);
        String duplicate = which.equals("consents")
                ? endpoint.bodyWith("\"purpose\":\"RESEARCH\"")
                : endpoint.bodyWith("\"role\":\"PATIENT\"");

        var problem = assertProblem(postJson(endpoint.path(), endpoint.token(), duplicate), 400);

        assertThat(problem.get("detail").asString()).startsWith("not valid JSON: ")
                .containsIgnoringCase("duplicate").contains(which.equals("consents") ? "purpose" : "role");
        assertThat(submittedBy(endpoint)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"identities", "consents"})
    void jsonThatCannotBeCanonicalizedIsMalformedAndSubmitsNothing(String which) throws Exception {
        Endpoint endpoint = endpoint(which);
        Map<String, String> bodies = Map.of(
                "U+0000", endpoint.bodyWith("\"note\":\"a\\u0000b\""),
                "an integer beyond 2^53", endpoint.bodyWith("\"note\":9007199254740993"),
                "a number beyond double range", endpoint.bodyWith("\"note\":1e400"),
                "33 levels of nesting", endpoint.bodyWith("\"note\":" + "[".repeat(32) + "]".repeat(32)),
                "a byte order mark", "\uFEFF" + endpoint.body(),
                "two values", endpoint.body() + endpoint.body());

        bodies.forEach((what, body) -> {
            try {
                var problem = assertProblem(postJson(endpoint.path(), endpoint.token(), body), 400);
                assertThat(problem.get("detail").asString()).as(what).startsWith("not valid JSON: ");
            } catch (Exception e) {
                throw new AssertionError(what, e);
            }
        });
        var notUtf8 = send("POST", endpoint.path(), endpoint.token(), "application/json",
                endpoint.body().replace("}", ",\"note\":\"\u00e9\"}").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(assertProblem(notUtf8, 400).get("detail").asString()).startsWith("not valid JSON: not UTF-8");
        assertThat(submittedBy(endpoint)).isZero();
    }

    @Test
    void aConsentWithoutContentTypeIsRefusedForItsTypeBeforeItsGranteeIsLookedUp() throws Exception {
        String patient = register(uniqueId("patient"), Role.PATIENT);
        String unknown = uniqueId("nobody");

        var response = send("POST", "/api/patients/" + patient + "/consents", token(patient, Role.PATIENT), null,
                bytes("{\"grantee\":\"" + unknown + "\",\"purpose\":\"TREATMENT\",\"validUntil\":\"2031-01-01T00:00:00Z\"}"));

        assertProblem(response, 415);
        assertThat(count("SELECT count(*) FROM transactions WHERE patient_id = :p AND type = 'CONSENT_GRANTED'",
                Map.of("p", patient))).isZero();
    }

    @Test
    void aRegistrationWithoutABodyNamesTheKeyItLacks() throws Exception {
        String auditor = uniqueId("auditor");

        var response = send("POST", "/api/identities", token(auditor, Role.AUDITOR), null, null, "Prefer", "wait=10");

        assertThat(assertProblem(response, 400).get("field").asString()).isEqualTo("publicKey");
        assertThat(count("SELECT count(*) FROM transactions WHERE actor_id = :a", Map.of("a", auditor))).isZero();
    }

    /** How many transactions of the kind the endpoint submits its caller has submitted. */
    private long submittedBy(Endpoint endpoint) {
        return count("SELECT count(*) FROM transactions WHERE actor_id = :a AND type = :t",
                Map.of("a", endpoint.actorId(), "t", endpoint.submits()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
