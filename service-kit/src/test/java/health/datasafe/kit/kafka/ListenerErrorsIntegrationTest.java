package health.datasafe.kit.kafka;

import health.datasafe.contracts.Topics;
import health.datasafe.devsupport.DeadLetterTopic;
import health.datasafe.devsupport.RealInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The kit's listener error rules on a real broker, with a listener of the test's own: a refused record goes to the
 * dead-letter topic at once with its reason and bytes; an outage is retried until it passes and the record is then
 * processed; a bug is tried three times in all and then dead-lettered; none of them stops the records after it.
 */
@SpringBootTest(classes = ListenerErrorsIntegrationTest.TestService.class, properties = {
        "spring.kafka.consumer.group-id=kit-listener-errors", "dsh.kafka.create-topics=false",
        "spring.main.web-application-type=none", "logging.level.org.apache.kafka=WARN"})
class ListenerErrorsIntegrationTest {

    static final String TOPIC = "kit-test.records";

    @SpringBootApplication
    @Import(TestListener.class)
    static class TestService {
    }

    static class TestListener {

        final List<String> processed = new CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        final Set<String> outages = ConcurrentHashMap.newKeySet();

        @KafkaListener(id = "kit-test-listener", topics = TOPIC)
        void onRecord(ConsumerRecord<String, byte[]> record) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            attempts.computeIfAbsent(value, v -> new AtomicInteger()).incrementAndGet();
            if (value.startsWith("refuse")) {
                throw new RecordRefused("refused because it says " + value);
            }
            if (value.startsWith("bug")) {
                throw new IllegalStateException("a bug met " + value);
            }
            if (value.startsWith("outage") && outages.contains(value)) {
                throw new TransientDataAccessResourceException("the database is down");
            }
            processed.add(value);
        }
    }

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", RealInfrastructure::kafkaBootstrapServers);
    }

    @BeforeAll
    static void topics() throws Exception {
        try (var admin = Admin.create(Map.of("bootstrap.servers", RealInfrastructure.kafkaBootstrapServers()))) {
            var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            var wanted = List.of(TOPIC, Topics.deadLetter(TOPIC)).stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, 1, (short) 1)).toList();
            admin.createTopics(wanted).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Autowired
    KafkaTemplate<String, byte[]> kafka;

    @Autowired
    TestListener listener;

    private final DeadLetterTopic deadLetters = new DeadLetterTopic(TOPIC);

    @Test
    void aRefusedRecordIsDeadLetteredAtOnceAsItCameAndTheNextIsProcessed() throws Exception {
        send("refuse-1", "k-1");
        send("fine-1", "k-1");

        await().atMost(Duration.ofSeconds(30)).until(() -> listener.processed.contains("fine-1"));
        var dead = deadLetters.awaitOne(bytes("refuse-1"));
        assertThat(dead.key()).isEqualTo("k-1");
        assertThat(dead.reason()).isEqualTo("refused because it says refuse-1");
        assertThat(dead.headers()).containsEntry("kafka_dlt-original-topic", TOPIC).containsKey("kafka_dlt-original-offset")
                .doesNotContainKey("kafka_dlt-exception-stacktrace");
        assertThat(listener.attempts.get("refuse-1")).hasValue(1);
    }

    @Test
    void aBugIsTriedThreeTimesThenDeadLetteredWithItsCause() throws Exception {
        send("bug-1", "k-2");
        send("fine-2", "k-2");

        await().atMost(Duration.ofSeconds(30)).until(() -> listener.processed.contains("fine-2"));
        var dead = deadLetters.awaitOne(bytes("bug-1"));
        assertThat(dead.reason()).isEqualTo("unprocessable: IllegalStateException: a bug met bug-1");
        assertThat(listener.attempts.get("bug-1")).hasValue(1 + (int) ListenerErrors.BUG_RETRIES);
    }

    @Test
    void anOutageIsRetriedUntilItPassesAndTheRecordIsThenProcessed() throws Exception {
        listener.outages.add("outage-1");
        send("outage-1", "k-3");

        await().atMost(Duration.ofSeconds(30)).until(() -> listener.attempts.getOrDefault("outage-1", new AtomicInteger()).get() > 3);
        listener.outages.remove("outage-1");

        await().atMost(Duration.ofSeconds(60)).until(() -> listener.processed.contains("outage-1"));
        assertThat(deadLetters.allForKey("k-3")).isEmpty();
    }

    private void send(String value, String key) throws Exception {
        kafka.send(TOPIC, key, bytes(value)).get(10, TimeUnit.SECONDS);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
