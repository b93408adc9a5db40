package health.datasafe.devstack.kafka;

import health.datasafe.contracts.Topics;
import health.datasafe.devsupport.RealInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PersistentKafkaIntegrationTest {

    @TempDir
    Path directory;

    private final String group = "devstack-test-" + UUID.randomUUID();
    private final String patient = "patient-" + UUID.randomUUID();

    @Test
    void topicsRecordsAndCommittedOffsetsSurviveARestart() throws Exception {
        TopicPartition partition;
        String clusterId;
        try (var kafka = PersistentKafka.start(directory, RealInfrastructure.singleNodeBrokerProperties())) {
            clusterId = kafka.clusterId();
            assertThat(kafka.createTopicsIfAbsent(Topics.all(), 3, Topics::configs)).containsOnlyKeys(Topics.all()).allSatisfy((topic, partitions) ->
                    assertThat(partitions).isEqualTo(3));

            RecordMetadata first = send(kafka, "first");
            send(kafka, "second");
            partition = new TopicPartition(first.topic(), first.partition());
            try (var consumer = consumer(kafka)) {
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                assertThat(readValues(consumer, 2)).containsExactly("first", "second");
                // the group has processed "first" only
                consumer.commitSync(Map.of(partition, new OffsetAndMetadata(first.offset() + 1)));
            }
        }
        assertThat(Files.readString(directory.resolve("cluster.id")).strip()).isEqualTo(clusterId);

        try (var kafka = PersistentKafka.start(directory, RealInfrastructure.singleNodeBrokerProperties())) {
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            // existing topics keep their partitions whatever is asked now
            assertThat(kafka.createTopicsIfAbsent(Topics.all(), 5, Topics::configs)).allSatisfy((topic, partitions) -> assertThat(partitions).isEqualTo(3));
            try (var consumer = consumer(kafka)) {
                consumer.assign(List.of(partition));
                // the group resumes after its committed offset
                assertThat(readValues(consumer, 1)).containsExactly("second");
                consumer.seekToBeginning(List.of(partition));
                assertThat(readValues(consumer, 2)).containsExactly("first", "second");
            }
            // and the broker still takes new records
            assertThat(send(kafka, "third").offset()).isGreaterThan(1);
        }
    }

    @Test
    void topicsMadeBeforeTheirConfigsGetThemAtTheNextStartAndNewOnesAreMadeWithThem() throws Exception {
        try (var kafka = PersistentKafka.start(directory, RealInfrastructure.singleNodeBrokerProperties())) {
            kafka.createTopicsIfAbsent(List.of(Topics.TX_VALIDATED), 2, topic -> Map.of());
        }
        try (var kafka = PersistentKafka.start(directory, RealInfrastructure.singleNodeBrokerProperties());
             var admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            assertThat(kafka.createTopicsIfAbsent(Topics.all(), 3, Topics::configs)).containsEntry(Topics.TX_VALIDATED, 2);

            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                for (String topic : Topics.all()) {
                    var config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
                            .all().get().values().iterator().next();
                    var own = config.entries().stream()
                            .filter(entry -> entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                            .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value));
                    assertThat(own).as(topic).isEqualTo(Topics.configs(topic));
                }
            });
        }
    }

    private RecordMetadata send(PersistentKafka kafka, String value) throws Exception {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            return producer.send(new ProducerRecord<>(Topics.TX_SUBMITTED, patient, value)).get();
        }
    }

    private KafkaConsumer<String, String> consumer(PersistentKafka kafka) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }

    private static List<String> readValues(KafkaConsumer<String, String> consumer, int count) {
        List<String> values = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                values.add(record.value());
            }
            return values.size() >= count;
        });
        return values.subList(0, count);
    }
}
