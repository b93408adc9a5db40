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
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    @Test
    void aClientKeepsItsAddressThroughARestartAndWhatItSentMeanwhileArrives() throws Exception {
        var kafka = PersistentKafka.start(directory, RealInfrastructure.singleNodeBrokerProperties());
        try (var producer = producer(kafka.bootstrapServers())) {
            kafka.createTopicsIfAbsent(Topics.all(), 1, Topics::configs);
            producer.send(new ProducerRecord<>(Topics.TX_SUBMITTED, patient, "before")).get();

            kafka.close();
            try (var sender = Executors.newSingleThreadExecutor()) {
                // the send waits for the broker it knows (metadata first), on a thread of its own
                Future<RecordMetadata> sentWhileDown = sender.submit(() ->
                        producer.send(new ProducerRecord<>(Topics.TX_SUBMITTED, patient, "while down")).get());
                kafka = kafka.restart();

                assertThat(sentWhileDown.get(60, TimeUnit.SECONDS).offset()).isEqualTo(1);
            }
            try (var consumer = consumer(kafka)) {
                var partition = new TopicPartition(Topics.TX_SUBMITTED, 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                assertThat(readValues(consumer, 2)).containsExactly("before", "while down");
            }
        } finally {
            kafka.close();
        }
    }

    private RecordMetadata send(PersistentKafka kafka, String value) throws Exception {
        try (var producer = producer(kafka.bootstrapServers())) {
            return producer.send(new ProducerRecord<>(Topics.TX_SUBMITTED, patient, value)).get();
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
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
