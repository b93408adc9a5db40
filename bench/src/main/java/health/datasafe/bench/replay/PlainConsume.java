package health.datasafe.bench.replay;

import health.datasafe.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The consume yardstick: a plain {@link KafkaConsumer} with the ledger-service's consumer settings (those of the service
 * kit's defaults and the service's {@code application.yml}: String keys, byte[] values, read_committed, no group, no
 * auto commit; Kafka's defaults otherwise, so 500 records per poll) that is assigned every partition of
 * {@link Topics#TX_VALIDATED}, seeks to the beginning and polls until each partition's position reaches the end offset
 * it had when the read began, touching every record's key and value and doing nothing else with them.
 */
final class PlainConsume {

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final String bootstrapServers;

    PlainConsume(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The consumer settings the ledger-service reads {@link Topics#TX_VALIDATED} with. */
    Map<String, Object> settings(String clientId) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    /** The factory the ledger-service's replay gets from Spring Boot, with the same settings. */
    ConsumerFactory<String, byte[]> factory() {
        return new DefaultKafkaConsumerFactory<>(settings("ledger-committer"));
    }

    /**
     * What one read saw.
     *
     * @param records  records read: transactions and epoch ends
     * @param bytes    bytes of keys and values
     * @param checksum depends on the data read, so that nothing read can be optimised away
     */
    record Count(long records, long bytes, long checksum) {
    }

    /** Reads every record of the topic once. */
    Count read() {
        long[] count = new long[3];
        readAll(record -> {
            count[0]++;
            byte[] value = record.value();
            count[1] += value.length + (record.key() == null ? 0 : record.key().length());
            count[2] += value[value.length / 2] + record.offset();
        });
        return new Count(count[0], count[1], count[2]);
    }

    /** Every record of the topic, in memory, in the order read. */
    List<ConsumerRecord<String, byte[]>> collect() {
        var records = new ArrayList<ConsumerRecord<String, byte[]>>();
        readAll(records::add);
        return records;
    }

    private void readAll(Consumer<ConsumerRecord<String, byte[]>> each) {
        try (var consumer = new KafkaConsumer<String, byte[]>(settings("dsh-bench-consume"))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(Topics.TX_VALIDATED, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                consumer.poll(POLL_TIMEOUT).forEach(each);
            }
        }
    }
}
