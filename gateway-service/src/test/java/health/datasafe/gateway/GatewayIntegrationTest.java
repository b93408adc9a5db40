package health.datasafe.gateway;

import health.datasafe.contracts.Role;
import health.datasafe.devsupport.DevTokenIssuer;
import health.datasafe.devsupport.RealInfrastructure;
import org.junit.jupiter.api.AfterAll;
import health.datasafe.devsupport.TokenDefects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway on a random port in front of four real HTTP backends, with the development token issuer: what goes
 * where, who gets through, and how refusals look. No Kafka and no database: the gateway needs neither.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayIntegrationTest {

    private static final int MIB = 1024 * 1024;

    static final EchoBackend transaction = EchoBackend.start("transaction");
    static final EchoBackend ledger = EchoBackend.start("ledger");
    static final EchoBackend recovery = EchoBackend.start("recovery");
    static final EchoBackend report = EchoBackend.start("report");

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        RealInfrastructure.registerTokens(registry);
        registry.add("dsh.gateway.transaction-url", transaction::url);
        registry.add("dsh.gateway.ledger-url", ledger::url);
        registry.add("dsh.gateway.recovery-url", recovery::url);
        registry.add("dsh.gateway.report-url", report::url);
    }

    @AfterAll
    static void stopBackends() {
        List.of(transaction, ledger, recovery, report).forEach(EchoBackend::close);
    }

    @LocalServerPort
    int port;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String alice = "alice-" + run;
    private final String bob = "bob-" + run;

    private Caller gateway() {
        return new Caller(port);
    }

    private static DevTokenIssuer tokens() {
        return RealInfrastructure.tokens();
    }

    @Test
    void everyPublicPathReachesItsServiceUnchangedWithTheCallersToken() {
        String token = tokens().mint("auditor-" + run, Role.AUDITOR);
        Map<String, EchoBackend> expected = Map.ofEntries(
                Map.entry("POST /api/identities", transaction),
                Map.entry("POST /api/patients/" + alice + "/records", transaction),
                Map.entry("GET /api/patients/" + alice + "/records/rec-1?purpose=TREATMENT", transaction),
                Map.entry("POST /api/patients/" + alice + "/consents", transaction),
                Map.entry("DELETE /api/patients/" + alice + "/consents/consent-1", transaction),
                Map.entry("GET /api/transactions/tx-1", transaction),
                Map.entry("GET /api/ledger/head", ledger),
                Map.entry("GET /api/ledger/blocks/7?shard=2", ledger),
                Map.entry("GET /api/ledger/keys", ledger),
                Map.entry("GET /api/ledger/verify", ledger),
                Map.entry("GET /api/ledger/transactions/tx-1", ledger),
                Map.entry("GET /api/patients/" + alice + "/access-log", report),
                Map.entry("GET /api/recovery/witness", recovery),
                Map.entry("GET /api/recovery/incidents", recovery),
                Map.entry("POST /api/recovery/audit", recovery),
                Map.entry("POST /api/recovery/rebuilds", recovery),
                Map.entry("GET /api/recovery/rebuilds", recovery),
                Map.entry("GET /api/recovery/rebuilds/3f2c9b1e-7d4a-4c3e-9a0b-5e6f7a8b9c0d", recovery));
        expected.forEach((request, backend) -> {
            String method = request.substring(0, request.indexOf(' '));
            String target = request.substring(request.indexOf(' ') + 1);
            var reply = gateway().send(method, target, token, method.equals("GET") || method.equals("DELETE") ? null : "{}".getBytes());
            assertThat(reply.status()).as(request + " -> " + reply).isEqualTo(200);
            JsonNode echo = reply.json();
            assertThat(echo.get("backend").asString()).as(request).isEqualTo(backendName(backend));
            assertThat(echo.get("method").asString()).as(request).isEqualTo(method);
            String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
            assertThat(echo.get("path").asString()).as(request).isEqualTo(path);
            if (target.contains("?")) {
                assertThat(echo.get("query").asString()).as(request).isEqualTo(target.substring(target.indexOf('?') + 1));
            }
            assertThat(echo.get("authorization").asString()).as(request).isEqualTo("Bearer " + token);
            assertThat(reply.header("DSH-Backend")).as("the service's own headers come back").isEqualTo(backendName(backend));
        });
    }

    private static String backendName(EchoBackend backend) {
        return backend == transaction ? "transaction" : backend == ledger ? "ledger" : backend == recovery ? "recovery" : "report";
    }

    @Test
    void aRequestWithoutATokenIsRefusedWith401Problem() {
        String path = "/api/ledger/transactions/no-token-" + run;
        var reply = gateway().get(path, null);
        assertProblem(reply, 401);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(ledger.received()).doesNotContain("GET " + path);
    }

    @Test
    void anExpiredTokenIsRefusedWith401ProblemBeforeAnyServiceSeesIt() {
        String expired = tokens().mint(alice, Role.PATIENT, Duration.ofMinutes(-5));
        var reply = gateway().get("/api/patients/" + alice + "/access-log", expired);
        assertProblem(reply, 401);
        assertThat(reply.header("WWW-Authenticate")).contains("invalid_token");
        assertThat(report.received()).doesNotContain("GET /api/patients/" + alice + "/access-log");
    }

    @Test
    void aTokenFromAnotherIssuerIsRefusedWith401Problem() {
        try (var stranger = DevTokenIssuer.start(0)) {
            var reply = gateway().get("/api/ledger/verify", stranger.mint("auditor-" + run, Role.AUDITOR));
            assertProblem(reply, 401);
        }
    }

    @ParameterizedTest
    @MethodSource("defectiveTokens")
    void aDefectiveTokenIsRefusedWith401ProblemBeforeAnyServiceSeesIt(TokenDefects.Defect defect) {
        String path = "/api/patients/" + alice + "/access-log?defect=" + Integer.toHexString(defect.name().hashCode());
        var reply = gateway().get(path, defect.token());
        assertProblem(reply, 401);
        assertThat(reply.json().get("detail").asString()).isEqualTo("the bearer token is invalid or has expired");
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(report.received()).noneMatch(request -> request.contains(path));
    }

    static List<TokenDefects.Defect> defectiveTokens() {
        return TokenDefects.of(tokens(), "alice-defect", Role.PATIENT);
    }

    @Test
    void patientBIsRefusedPatientAsRecordsConsentsAndAccessLogWith403Problem() {
        String bobsToken = tokens().mint(bob, Role.PATIENT);
        var read = gateway().get("/api/patients/" + alice + "/records/rec-" + run + "?purpose=PATIENT_REQUEST", bobsToken);
        assertProblem(read, 403);
        var add = gateway().send("POST", "/api/patients/" + alice + "/records", bobsToken, "{}".getBytes());
        assertProblem(add, 403);
        var grant = gateway().send("POST", "/api/patients/" + alice + "/consents", bobsToken, "{}".getBytes());
        assertProblem(grant, 403);
        var revoke = gateway().send("DELETE", "/api/patients/" + alice + "/consents/c-" + run, bobsToken, null);
        assertProblem(revoke, 403);
        var log = gateway().get("/api/patients/" + alice + "/access-log", bobsToken);
        assertProblem(log, 403);

        assertThat(transaction.received()).noneMatch(request -> request.contains(alice));
        assertThat(report.received()).noneMatch(request -> request.contains(alice));
    }

    @Test
    void aPatientReachesTheirOwnPathsAndAClinicianReachesAnyPatientsPaths() {
        var own = gateway().get("/api/patients/" + alice + "/access-log", tokens().mint(alice, Role.PATIENT));
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        var clinician = gateway().get("/api/patients/" + alice + "/records/rec-1?purpose=TREATMENT",
                tokens().mint("dr-" + run, Role.CLINICIAN));
        assertThat(clinician.status()).as(clinician.toString()).isEqualTo(200);
        assertThat(clinician.json().get("backend").asString()).isEqualTo("transaction");
    }

    @Test
    void aBodyOverOneMebibyteIsRefusedWith413ProblemAndNeverRelayed() {
        String token = tokens().mint(alice, Role.PATIENT);
        var tooLarge = gateway().send("POST", "/api/patients/" + alice + "/records?size=over", token, new byte[MIB + 1]);
        assertProblem(tooLarge, 413);
        assertThat(transaction.received()).doesNotContain("POST /api/patients/" + alice + "/records?size=over");

        var justFits = gateway().send("POST", "/api/patients/" + alice + "/records", token, new byte[MIB]);
        assertThat(justFits.status()).as(justFits.toString()).isEqualTo(200);
        assertThat(justFits.json().get("bodyLength").asLong()).isEqualTo(MIB);
    }

    @Test
    void aStreamedBodyWithoutLengthIsCutOffAt413() {
        String token = tokens().mint(alice, Role.PATIENT);
        InputStream twoMebibytes = new SequenceInputStream(new ByteArrayInputStream(new byte[MIB]),
                new ByteArrayInputStream(new byte[MIB]));
        var reply = gateway().send(gateway().request("/api/patients/" + alice + "/records", token)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> twoMebibytes)));
        assertProblem(reply, 413);
    }

    @Test
    void anUnknownApiPathIs404Problem() {
        var reply = gateway().get("/api/nothing-here/" + run, tokens().mint("auditor-" + run, Role.AUDITOR));
        assertProblem(reply, 404);
    }

    @Test
    void theDevTokenRouteIsAbsentWithoutAnIssuer() {
        var reply = gateway().send("POST", "/dev/token?subject=" + alice + "&role=PATIENT", null, new byte[0]);
        assertProblem(reply, 404);
    }

    @Test
    void aRecordReadComesBackThroughTheGatewayAsAnInertDownloadWithEachHeaderOnce() {
        String token = tokens().mint(alice, Role.PATIENT);

        var reply = gateway().get("/api/patients/" + alice + "/records/rec-1", token);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        var headers = reply.raw().headers();
        assertThat(headers.allValues("Content-Disposition")).containsExactly("attachment; filename=\"rec-1.json\"");
        assertThat(headers.allValues("X-Content-Type-Options")).containsExactly("nosniff");
        assertThat(headers.allValues("Content-Security-Policy")).containsExactly("sandbox");
        assertThat(headers.allValues("Cache-Control")).containsExactly("no-store");
    }

    @Test
    void theOpenApiDocumentIsServedWithoutATokenAndCoversEveryPublicPath() {
        var reply = gateway().get("/api/openapi.yaml", null);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/yaml");

        JsonNode document = YAMLMapper.builder().build().readTree(reply.body());
        assertThat(document.get("openapi").asString()).startsWith("3.1");
        JsonNode paths = document.get("paths");
        Map<String, List<String>> expected = Map.ofEntries(
                Map.entry("/api/identities", List.of("post")),
                Map.entry("/api/identities/{actorId}/keys", List.of("post")),
                Map.entry("/api/identities/{actorId}/key-recovery", List.of("post")),
                Map.entry("/api/patients/{patientId}/records", List.of("post")),
                Map.entry("/api/patients/{patientId}/records/{recordId}", List.of("get", "delete")),
                Map.entry("/api/patients/{patientId}/records/{recordId}/erasure", List.of("get")),
                Map.entry("/api/patients/{patientId}/consents", List.of("get", "post")),
                Map.entry("/api/patients/{patientId}/consents/{consentId}", List.of("get", "delete")),
                Map.entry("/api/patients/{patientId}/break-glass", List.of("post")),
                Map.entry("/api/patients/{patientId}/break-glass/{consentId}/reviews", List.of("post")),
                Map.entry("/api/break-glass", List.of("get")),
                Map.entry("/api/transactions/{transactionId}", List.of("get")),
                Map.entry("/api/ledger/head", List.of("get")),
                Map.entry("/api/ledger/blocks/{height}", List.of("get")),
                Map.entry("/api/ledger/blocks", List.of("get")),
                Map.entry("/api/ledger/keys", List.of("get")),
                Map.entry("/api/ledger/checkpoints/cosignatures", List.of("post")),
                Map.entry("/api/ledger/verify", List.of("get")),
                Map.entry("/api/ledger/transactions/{txId}", List.of("get")),
                Map.entry("/api/patients/{patientId}/access-log", List.of("get")),
                Map.entry("/api/recovery/witness", List.of("get")),
                Map.entry("/api/recovery/incidents", List.of("get")),
                Map.entry("/api/recovery/audit", List.of("post")),
                Map.entry("/api/recovery/rebuilds", List.of("post", "get")),
                Map.entry("/api/recovery/rebuilds/{id}", List.of("get")),
                Map.entry("/api/openapi.yaml", List.of("get")));
        expected.forEach((path, methods) -> {
            assertThat(paths.has(path)).as("path " + path).isTrue();
            methods.forEach(method -> assertThat(paths.get(path).has(method)).as(method + " " + path).isTrue());
        });
        assertThat(document.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
        assertThat(document.at("/components/schemas/Problem/properties").has("status")).isTrue();
        assertThat(document.at("/components/schemas/TransactionView/properties/status/$ref").asString())
                .isEqualTo("#/components/schemas/TransactionStatus");
        assertThat(document.at("/components/schemas/TransactionView/properties").propertyNames())
                .contains("blockHash", "finality");
        assertThat(document.at("/paths/~1api~1patients~1{patientId}~1records~1{recordId}/get/responses/200/headers").propertyNames())
                .contains("DSH-Transaction-Id", "DSH-Tx-Hash", "DSH-Block-Height", "DSH-Shard", "Content-Disposition",
                        "X-Content-Type-Options", "Content-Security-Policy");
        assertThat(document.at("/paths/~1api~1patients~1{patientId}~1records/post/responses").has("415")).isTrue();
        assertThat(document.at("/paths/~1api~1recovery~1rebuilds/post/responses").propertyNames())
                .contains("202", "400", "403", "409", "501");
        assertThat(document.at("/components/schemas/RebuildStatus/properties").propertyNames())
                .containsExactly("id", "service", "state", "recordsReplayed", "recordsTotal", "perSecond", "etaSeconds",
                        "failure");
    }

    @Test
    void healthIsOpenForProbes() {
        var reply = gateway().get("/actuator/health", null);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.body()).contains("\"UP\"");
    }

    static void assertProblem(Caller.Reply reply, int status) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.contentType()).as(reply.toString()).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank().doesNotContainIgnoringCase("static resource");
        assertThat(problem.get("type").asString()).isEqualTo("about:blank");
        assertThat(problem.get("instance").asString()).isEqualTo(reply.raw().uri().getRawPath());
    }
}
