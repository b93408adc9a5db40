package health.datasafe.devsupport;

import health.datasafe.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Reads a topic's dead-letter topic on the real broker from its beginning, for tests that check what a consumer
 * refused and why. Each call reads with a consumer of its own (no group), so calls do not disturb each other.
 */
public final class DeadLetterTopic {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** A dead-lettered record: its key, its value bytes and its headers as text. */
    public record DeadLetter(String key, byte[] value, Map<String, String> headers) {

        public String reason() {
            return headers.get(Topics.REASON_HEADER);
        }

        static DeadLetter of(ConsumerRecord<String, byte[]> record) {
            var headers = new HashMap<String, String>();
            record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
            return new DeadLetter(record.key(), record.value(), headers);
        }
    }

    private final String bootstrapServers;
    private final String topic;

    /** The dead-letter topic of {@code topic} on the tests' broker ({@link RealInfrastructure}). */
    public DeadLetterTopic(String topic) {
        this(RealInfrastructure.kafkaBootstrapServers(), topic);
    }

    /** The dead-letter topic of {@code topic} on the broker at {@code bootstrapServers} (e.g. a devstack's). */
    public DeadLetterTopic(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = Topics.deadLetter(topic);
    }

    /** Waits for the dead-letter record whose value is exactly {@code value}. */
    public DeadLetter awaitOne(byte[] value) {
        return awaitAll(List.of(value)).getFirst();
    }

    /** Waits until every one of {@code values} is on the dead-letter topic; answers them in the order given. */
    public List<DeadLetter> awaitAll(List<byte[]> values) {
        List<DeadLetter> found = awaitMatching(values.size(), letter -> values.stream().anyMatch(v -> Arrays.equals(v, letter.value())));
        return values.stream().map(value -> found.stream().filter(f -> Arrays.equals(f.value(), value))
                .findFirst().orElseThrow()).toList();
    }

    /** Waits for the first dead-letter record whose value passes {@code test}. */
    public DeadLetter awaitFirst(Predicate<byte[]> test) {
        return awaitMatching(1, letter -> test.test(letter.value())).getFirst();
    }

    /** Waits until {@code count} records with this key are there; answers them in topic order within a partition. */
    public List<DeadLetter> awaitForKey(String key, int count) {
        return awaitMatching(count, letter -> key.equals(letter.key()));
    }

    /** Every record with this key, read to the current end of the topic. */
    public List<DeadLetter> allForKey(String key) {
        try (var consumer = fromTheStart()) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
            var found = new ArrayList<DeadLetter>();
            Awaitility.await().atMost(PATIENCE).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        found.add(DeadLetter.of(record));
                    }
                }
                return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
            });
            return found;
        }
    }

    private List<DeadLetter> awaitMatching(int count, Predicate<DeadLetter> test) {
        try (var consumer = fromTheStart()) {
            var found = new ArrayList<DeadLetter>();
            Awaitility.await().atMost(PATIENCE).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        continue;
                    }
                    DeadLetter letter = DeadLetter.of(record);
                    if (test.test(letter) && found.stream().noneMatch(seen -> Arrays.equals(seen.value(), letter.value()))) {
                        found.add(letter);
                    }
                }
                return found.size() >= count;
            });
            return found;
        }
    }

    private KafkaConsumer<String, byte[]> fromTheStart() {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // a consumer in a Kafka transaction dead-letters within it: only committed records count
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.CLIENT_ID_CONFIG, "dlt-reader-" + UUID.randomUUID()),
                new StringDeserializer(), new ByteArrayDeserializer());
        var partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
