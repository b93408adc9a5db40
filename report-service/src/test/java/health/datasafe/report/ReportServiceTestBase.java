package health.datasafe.report;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.PatientNotified;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.devsupport.TestLedger;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The report-service on the real broker and database, trusting the blocks of {@link #LEDGER} (signed with
 * {@link #LEDGER_KEY}). All test classes share one application context, so one listener in one consumer group writes
 * the access log; each test uses patients of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ReportServiceTestBase {

    protected static final Duration PATIENCE = Duration.ofSeconds(30);
    protected static final Ed25519.SigningKey LEDGER_KEY = Ed25519.SigningKey.generate();
    protected static final TestLedger LEDGER = new TestLedger(LEDGER_KEY);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, "report");
        registry.add("dsh.trust.ledger-keys", () -> LEDGER.ledgerKey().toX509());
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected KafkaTemplate<String, byte[]> kafka;

    @Autowired
    protected JsonMapper json;

    protected final HttpClient http = HttpClient.newHttpClient();
    protected final TestLedger ledger = LEDGER;

    protected void publish(BlockCommitted block) throws Exception {
        kafka.send(Topics.LEDGER_BLOCKS, Integer.toString(block.header().shard()), json.writeValueAsBytes(block))
                .get(10, TimeUnit.SECONDS);
    }

    /** The patient's access log once it has at least {@code count} entries. */
    protected JsonNode awaitEntries(String patientId, String token, int count) {
        return await().atMost(PATIENCE).until(() -> {
            var response = accessLog(patientId, token);
            assertThat(response.statusCode()).isEqualTo(200);
            return json.readTree(response.body());
        }, log -> log.get("entries").size() >= count);
    }

    /** The notifications to the patient on {@code dsh.patient.notifications}, once there are {@code count}. */
    protected List<PatientNotified> awaitNotifications(String patientId, int count) {
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(Topics.PATIENT_NOTIFICATIONS).stream()
                    .map(partition -> new TopicPartition(Topics.PATIENT_NOTIFICATIONS, partition.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var found = new ArrayList<PatientNotified>();
            await().atMost(PATIENCE).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (patientId.equals(record.key())) {
                        found.add(json.readValue(record.value(), PatientNotified.class));
                    }
                }
                return found.size() >= count;
            });
            return found;
        }
    }

    protected HttpResponse<String> accessLog(String patientId, String token) throws Exception {
        var request = HttpRequest.newBuilder(accessLogUri(patientId)).header("Authorization", "Bearer " + token)
                .GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    protected URI accessLogUri(String patientId) {
        return URI.create("http://localhost:" + port + "/api/patients/" + patientId + "/access-log");
    }

    protected static String tokenOf(String subject, Role role) {
        return RealInfrastructure.tokens().mint(subject, role);
    }

    protected static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
