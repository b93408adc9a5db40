package health.datasafe.recovery;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.IntegrityAlertRaised;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.devsupport.DeadLetterTopic;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.integrity.Ed25519;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The recovery-service on the real broker and database, trusting one ledger key, with a real HTTP stand-in for the
 * ledger API (its rebuild endpoints too), auditing it by itself every {@link #AUDIT_INTERVAL} and polling rebuilds every
 * {@link #REBUILD_POLL_INTERVAL}. All integration test classes extending this share one application context; each test
 * takes shards of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class RecoveryServiceTestBase {

    protected static final Duration PATIENCE = Duration.ofSeconds(30);
    /** The key of the ledger node the service under test trusts. */
    protected static final Ed25519.SigningKey LEDGER_KEY = Ed25519.SigningKey.generate();
    private static final AtomicInteger SHARDS = new AtomicInteger(100);
    /** How often the service audits the ledger by itself in tests. */
    protected static final Duration AUDIT_INTERVAL = Duration.ofMillis(300);
    /** How often the service polls running rebuilds in tests, and how long it waits for an unreachable one. */
    protected static final Duration REBUILD_POLL_INTERVAL = Duration.ofMillis(200);
    protected static final Duration REBUILD_GIVE_UP_AFTER = Duration.ofSeconds(2);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, "recovery");
        registry.add("dsh.trust.ledger-keys", () -> LEDGER_KEY.verifyingKey().toX509());
        registry.add("dsh.recovery.ledger-url", () -> FakeLedgerApi.get().url());
        registry.add("dsh.recovery.audit.interval", () -> AUDIT_INTERVAL);
        registry.add("dsh.recovery.audit.ledger-token",
                () -> RealInfrastructure.tokens().mint("recovery-service", Role.AUDITOR));
        // rebuilds: the ledger's at dsh.recovery.ledger-url; the validator's where nothing serves rebuilds (404)
        registry.add("dsh.recovery.services.validator-service.url", () -> FakeLedgerApi.get().url());
        registry.add("dsh.recovery.rebuilds.poll-interval", () -> REBUILD_POLL_INTERVAL);
        registry.add("dsh.recovery.rebuilds.give-up-after", () -> REBUILD_GIVE_UP_AFTER);
        registry.add("dsh.recovery.rebuilds.progress-log-interval", () -> "1s");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected KafkaTemplate<String, byte[]> kafka;

    @Autowired
    protected JsonMapper json;

    protected final FakeLedgerApi ledgerApi = FakeLedgerApi.get();
    private final HttpClient http = HttpClient.newHttpClient();

    /** A shard no other test uses, so each test starts its own chain at height 0. */
    protected static int newShard() {
        return SHARDS.getAndIncrement();
    }

    /** The ledger committed the block: its API serves it and it is published on the blocks topic. */
    protected void commit(BlockCommitted block) throws Exception {
        ledgerApi.commit(block);
        deliver(block);
    }

    /** The block arrives on the blocks topic, whatever the ledger holds. */
    protected void deliver(BlockCommitted block) throws Exception {
        kafka.send(Topics.LEDGER_BLOCKS, Integer.toString(block.header().shard()), json.writeValueAsBytes(block))
                .get(10, TimeUnit.SECONDS);
    }

    protected HttpResponse<String> call(String method, String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> send(String method, String path, String token, String contentType, String body)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected JsonNode callForJson(String method, String path, String token) throws Exception {
        var response = call(method, path, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    protected static String auditorToken() {
        return RealInfrastructure.tokens().mint("auditor-" + UUID.randomUUID().toString().substring(0, 8), Role.AUDITOR);
    }

    /** The witness's latest block of the shard, if it has one. */
    protected Optional<JsonNode> witnessTip(int shard) throws Exception {
        JsonNode witness = callForJson("GET", "/api/recovery/witness", auditorToken());
        return StreamSupport.stream(witness.get("shards").spliterator(), false)
                .filter(tip -> tip.get("shard").asInt() == shard)
                .findFirst();
    }

    protected JsonNode awaitWitnessed(int shard, long height) {
        return await().atMost(PATIENCE).until(() -> witnessTip(shard).orElse(null),
                tip -> tip != null && tip.get("height").asLong() >= height);
    }

    protected List<JsonNode> incidents(int shard) throws Exception {
        JsonNode incidents = callForJson("GET", "/api/recovery/incidents", auditorToken()).get("incidents");
        return StreamSupport.stream(incidents.spliterator(), false)
                .filter(incident -> incident.get("shard").asInt() == shard)
                .toList();
    }

    protected JsonNode awaitIncident(int shard, long height) {
        return await().atMost(PATIENCE).until(
                () -> incidents(shard).stream().filter(i -> i.get("height").asLong() == height).findFirst().orElse(null),
                incident -> incident != null);
    }

    /** Every alert on dsh.integrity.alerts so far about the shard, in order (read from the start to the end). */
    protected List<IntegrityAlertRaised> alerts(int shard) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "recovery-test-" + UUID.randomUUID()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(Topics.INTEGRITY_ALERTS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            var found = new ArrayList<IntegrityAlertRaised>();
            await().atMost(PATIENCE).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (Integer.toString(shard).equals(record.key())) {
                        found.add(json.readValue(record.value(), IntegrityAlertRaised.class));
                    }
                }
                return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
            });
            return found;
        }
    }

    /** The headers of the first record on the blocks' dead-letter topic whose value, as text, matches. */
    protected Map<String, String> awaitDeadLetter(Predicate<String> value) {
        return new DeadLetterTopic(Topics.LEDGER_BLOCKS)
                .awaitFirst(bytes -> value.test(new String(bytes, StandardCharsets.UTF_8))).headers();
    }
}
