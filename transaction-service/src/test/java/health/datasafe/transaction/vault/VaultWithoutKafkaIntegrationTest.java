package health.datasafe.transaction.vault;

import health.datasafe.contracts.Role;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.integrity.Ed25519;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service with a broker that does not answer (a free loopback port nobody listens on), on the real database: a
 * record the vault cannot put on its topics is answered 503 problem+json and nothing of it is kept, neither the
 * record, nor a new patient key, nor the transaction. The callers are registered in the database directly, since
 * registering needs the broker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dsh.instance-id=tx-no-kafka", "logging.level.org.apache.kafka=ERROR", "logging.level.kafka=ERROR",
                "logging.level.org.springframework.kafka=ERROR"})
class VaultWithoutKafkaIntegrationTest {

    private static final String MASTER_KEY = randomKey();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void brokerDown(DynamicPropertyRegistry registry) {
        // the real database and token issuer; a broker address nobody answers on (registered after, so it wins)
        RealInfrastructure.register(registry, "tx");
        registry.add("dsh.vault.master-key", () -> MASTER_KEY);
        registry.add("dsh.trust.ledger-keys", () -> Ed25519.SigningKey.generate().verifyingKey().toX509());
        registry.add("dsh.trust.validators", () -> Ed25519.SigningKey.generate().verifyingKey().toX509());
        String nobody = "127.0.0.1:" + unusedPort();
        registry.add("spring.kafka.bootstrap-servers", () -> nobody);
        registry.add("spring.kafka.producer.properties.max.block.ms", () -> "2000");
        registry.add("dsh.kafka.create-topics", () -> "false");
    }

    @Test
    void aPatientsFirstRecordIsRefusedWith503AndNeitherItsKeyNorTheRecordIsKeptWhenKafkaIsDown() throws Exception {
        String patient = registeredDirectly("patient-" + UUID.randomUUID());

        var response = addRecord(patient);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).get("title").asString()).isEqualTo("Vault unreachable");
        assertThat(count("SELECT count(*) FROM patient_keys WHERE patient_id = :p", Map.of("p", patient))).isZero();
        assertNothingKeptFor(patient);
    }

    @Test
    void aRecordOfAPatientWithAKeyIsRefusedWith503AndNotKeptWhenKafkaIsDown() throws Exception {
        String patient = registeredDirectly("patient-" + UUID.randomUUID());
        byte[] wrappedKey = new RecordCipher(Base64.getDecoder().decode(MASTER_KEY)).newWrappedPatientKey(patient);
        jdbc.sql("INSERT INTO patient_keys (patient_id, wrapped_key) VALUES (:p, :k)")
                .param("p", patient).param("k", wrappedKey).update();

        var response = addRecord(patient);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).get("title").asString()).isEqualTo("Vault unreachable");
        assertNothingKeptFor(patient);
    }

    private HttpResponse<String> addRecord(String patient) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/patients/" + patient + "/records"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + RealInfrastructure.tokens().mint(patient, Role.PATIENT))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("blood pressure 120/80"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private long count(String sql, Map<String, ?> params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    private void assertNothingKeptFor(String patient) {
        assertThat(count("SELECT count(*) FROM records WHERE patient_id = :p", Map.of("p", patient))).isZero();
        assertThat(count("SELECT count(*) FROM transactions WHERE patient_id = :p", Map.of("p", patient))).isZero();
    }

    private String registeredDirectly(String patient) {
        jdbc.sql("INSERT INTO identities (actor_id, role, registered_by_tx) VALUES (:a, 'PATIENT', :tx)")
                .param("a", patient).param("tx", "registered-by-the-test-" + patient).update();
        return patient;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static int unusedPort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
