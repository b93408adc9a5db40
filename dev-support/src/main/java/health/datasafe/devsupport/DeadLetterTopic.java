package health.datasafe.devsupport;

import health.datasafe.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

/** Reads a topic's dead-letter topic on the real broker, for tests that check what a consumer refused and why. */
public final class DeadLetterTopic {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** A dead-lettered record: its key, its value bytes and its headers as text. */
    public record DeadLetter(String key, byte[] value, Map<String, String> headers) {

        public String reason() {
            return headers.get(Topics.REASON_HEADER);
        }
    }

    private final String topic;

    public DeadLetterTopic(String topic) {
        this.topic = Topics.deadLetter(topic);
    }

    /** Waits for the dead-letter record whose value is exactly {@code value}. */
    public DeadLetter awaitOne(byte[] value) {
        return awaitAll(List.of(value)).getFirst();
    }

    /** Waits until every one of {@code values} is on the dead-letter topic; answers them in the order given. */
    public List<DeadLetter> awaitAll(List<byte[]> values) {
        return awaitMatching(values.size(), record -> values.stream().anyMatch(v -> Arrays.equals(v, record)), values);
    }

    /** Waits for the first dead-letter record whose value passes {@code test}. */
    public DeadLetter awaitFirst(Predicate<byte[]> test) {
        return awaitMatching(1, test, null).getFirst();
    }

    private List<DeadLetter> awaitMatching(int count, Predicate<byte[]> test, List<byte[]> order) {
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            var found = new ArrayList<DeadLetter>();
            Awaitility.await().atMost(PATIENCE).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null && test.test(record.value())
                            && found.stream().noneMatch(seen -> Arrays.equals(seen.value(), record.value()))) {
                        var headers = new HashMap<String, String>();
                        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
                        found.add(new DeadLetter(record.key(), record.value(), headers));
                    }
                }
                return found.size() >= count;
            });
            if (order == null) {
                return found;
            }
            return order.stream().map(value -> found.stream().filter(f -> Arrays.equals(f.value(), value))
                    .findFirst().orElseThrow()).toList();
        }
    }
}
