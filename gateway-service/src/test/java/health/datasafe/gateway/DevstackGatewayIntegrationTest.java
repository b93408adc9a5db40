package health.datasafe.gateway;

import health.datasafe.contracts.Role;
import health.datasafe.devsupport.RealInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.util.UUID;

import static health.datasafe.gateway.GatewayIntegrationTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway as the devstack runs it: {@code dsh.gateway.dev-token-uri} set, so {@code POST /dev/token} reaches the
 * development token issuer; a browser origin allowed; one service that is down and one that hangs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DevstackGatewayIntegrationTest {

    private static final String ORIGIN = "http://localhost:5173";

    static final EchoBackend transaction = EchoBackend.start("transaction");
    static final EchoBackend hangingLedger = EchoBackend.start("ledger");
    static final EchoBackend report = EchoBackend.start("report");

    @DynamicPropertySource
    static void devstack(DynamicPropertyRegistry registry) {
        RealInfrastructure.registerTokens(registry);
        registry.add("dsh.gateway.dev-token-uri", () -> RealInfrastructure.tokens().tokenUri());
        registry.add("dsh.gateway.cors-origins", () -> ORIGIN);
        registry.add("dsh.gateway.transaction-url", transaction::url);
        registry.add("dsh.gateway.ledger-url", hangingLedger::url);
        registry.add("dsh.gateway.report-url", report::url);
        registry.add("dsh.gateway.recovery-url", DevstackGatewayIntegrationTest::nothingListening);
        registry.add("spring.cloud.gateway.server.webflux.httpclient.response-timeout", () -> "1s");
    }

    @AfterAll
    static void stopBackends() {
        transaction.close();
        hangingLedger.close();
        report.close();
    }

    /** A loopback URL where nothing listens: a port that was free a moment ago. */
    private static String nothingListening() {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void devTokenIsRelayedToTheIssuerAndItsTokenOpensTheApi() {
        var gateway = new Caller(port);
        String patient = "carol-" + run;
        var minted = gateway.send(gateway.request("/dev/token", null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("subject=" + patient + "&role=PATIENT")));
        assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
        String token = minted.json().get("access_token").asString();

        var own = gateway.get("/api/patients/" + patient + "/access-log", token);
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(own.json().get("authorization").asString()).isEqualTo("Bearer " + token);
        var other = gateway.get("/api/patients/dave-" + run + "/access-log", token);
        assertProblem(other, 403);
    }

    @Test
    void devTokenAnswersOnlyPost() {
        var gateway = new Caller(port);
        assertProblem(gateway.get("/dev/token", null), 404);
    }

    @Test
    void aServiceThatIsDownIs502Problem() {
        var reply = new Caller(port).get("/api/recovery/witness", RealInfrastructure.tokens().mint("auditor-" + run, Role.AUDITOR));
        assertProblem(reply, 502);
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIs504Problem() {
        var reply = new Caller(port).get("/api/ledger/blocks/slow", RealInfrastructure.tokens().mint("auditor-" + run, Role.AUDITOR));
        assertProblem(reply, 504);
    }

    @Test
    void anAllowedBrowserOriginGetsCorsHeadersOnPreflightAndAnswers() {
        var gateway = new Caller(port);
        var preflight = gateway.send(gateway.request("/api/patients/erin-" + run + "/records", null)
                .header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,prefer")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(preflight.status()).as(preflight.toString()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");

        var read = gateway.send(gateway.request("/api/patients/erin-" + run + "/access-log",
                        RealInfrastructure.tokens().mint("erin-" + run, Role.PATIENT))
                .header("Origin", ORIGIN).GET());
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.header("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
    }

    @Test
    void anOriginNotAllowedIsRefused() {
        var gateway = new Caller(port);
        var preflight = gateway.send(gateway.request("/api/ledger/head", null)
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
    }
}
