package health.datasafe.transaction;

import health.datasafe.contracts.Role;
import health.datasafe.devsupport.DeadLetterTopic;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.KeyPossession;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The transaction-service on the real broker and the real database, with {@link StandInValidatorAndLedger} answering
 * its submissions over the broker. Every integration test class extending this shares one application context; each
 * test uses actor ids of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dsh.read.timeout=5s", "dsh.instance-id=tx-test", "logging.level.org.apache.kafka=WARN",
                "logging.level.kafka=WARN", "logging.level.org.springframework.kafka=WARN"})
public abstract class TransactionServiceTestBase {

    protected static final Duration PATIENCE = Duration.ofSeconds(30);
    protected static final Ed25519.SigningKey INITIATOR_KEY = Ed25519.SigningKey.generate();
    protected static final String MASTER_KEY = randomKey();
    /** The stand-in ledger node's key; the service trusts its checkpoints ({@code dsh.trust.ledger-keys}). */
    protected static final Ed25519.SigningKey LEDGER_KEY = Ed25519.SigningKey.generate();
    protected static final StandInValidatorAndLedger LEDGER = StandInValidatorAndLedger.start(INITIATOR_KEY.verifyingKey(), LEDGER_KEY);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, "tx");
        registry.add("dsh.initiator.private-key", INITIATOR_KEY::toPkcs8);
        registry.add("dsh.vault.master-key", () -> MASTER_KEY);
        registry.add("dsh.trust.ledger-keys", () -> LEDGER_KEY.verifyingKey().toX509());
        registry.add("dsh.trust.validators", () -> LEDGER.validator().publicKeyX509());
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JsonMapper json;

    @Autowired
    protected JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    protected static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static String token(String subject, Role role) {
        return RealInfrastructure.tokens().mint(subject, role);
    }

    /** Sends a request; {@code headers} are name, value pairs. */
    protected HttpResponse<String> send(String method, String path, String token, String contentType, byte[] body,
                                        String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(PATIENCE)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<byte[]> get(String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(PATIENCE)
                .header("Authorization", "Bearer " + token)
                .GET();
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    protected HttpResponse<String> postJson(String path, String token, String body, String... headers) throws Exception {
        return send("POST", path, token, "application/json",
                body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
    }

    protected JsonNode jsonOf(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    /** The response is an RFC 9457 problem with this status. */
    protected JsonNode assertProblem(HttpResponse<?> response, int status) {
        String body = response.body() instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                : String.valueOf(response.body());
        assertThat(response.statusCode()).as(body).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(body);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        return problem;
    }

    /**
     * A registration body: a fresh key of the actor's and the proof that she holds it, and {@code more} JSON members
     * (e.g. {@code "actorId":"x","role":"CLINICIAN"} when an administrator registers her).
     */
    protected static String keyed(String actorId, Role role, String more) {
        var key = Ed25519.SigningKey.generate();
        return "{\"publicKey\":\"" + key.verifyingKey().toX509() + "\",\"keyProof\":\""
                + KeyPossession.prove(key, actorId, role.name()) + "\"" + (more == null ? "" : "," + more) + "}";
    }

    /** Registers the actor, with a key, and waits until the registration is committed. */
    protected String register(String actorId, Role role) throws Exception {
        var response = postJson("/api/identities", token(actorId, role), keyed(actorId, role, null), "Prefer", "wait=10");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return actorId;
    }

    /** Adds a record as the caller and waits until RECORD_ADDED is committed; returns the record id. */
    protected String addRecord(String patientId, String token, String contentType, byte[] content) throws Exception {
        var response = send("POST", "/api/patients/" + patientId + "/records", token, contentType, content, "Prefer", "wait=10");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return jsonOf(response).get("recordId").asString();
    }

    protected long count(String sql, Map<String, ?> params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    /** Every text, JSON and bytea column of every table in schema tx that holds the bytes. */
    protected List<String> columnsHolding(byte[] needle) {
        var columns = jdbc.sql("""
                        SELECT table_name, column_name, data_type FROM information_schema.columns
                        WHERE table_schema = 'tx' AND data_type IN ('text', 'character varying', 'character', 'bytea', 'json', 'jsonb')""")
                .query((rs, row) -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3)})
                .list();
        String text = new String(needle, java.nio.charset.StandardCharsets.UTF_8);
        return columns.stream().filter(c -> {
            String sql = "bytea".equals(c[2])
                    ? "SELECT count(*) FROM tx.\"" + c[0] + "\" WHERE position(CAST(:needle AS bytea) IN \"" + c[1] + "\") > 0"
                    : "SELECT count(*) FROM tx.\"" + c[0] + "\" WHERE position(CAST(:needle AS text) IN \"" + c[1] + "\"::text) > 0";
            Object value = "bytea".equals(c[2]) ? needle : text;
            return jdbc.sql(sql).param("needle", value).query(Long.class).single() > 0;
        }).map(c -> c[0] + "." + c[1]).toList();
    }

    /** Waits for a record with a matching value on {@code topic}'s dead-letter topic; returns its headers as text. */
    protected Map<String, String> awaitDeadLetter(String topic, Predicate<String> value) {
        return new DeadLetterTopic(topic).awaitFirst(bytes -> value.test(new String(bytes, StandardCharsets.UTF_8)))
                .headers();
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Every record of the topic from its beginning up to its end as of this call. */
    protected static List<ConsumerRecord<String, byte[]>> upToTheEnd(String topic) {
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(PATIENCE).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        records.add(record);
                    }
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
            return records;
        }
    }
}
