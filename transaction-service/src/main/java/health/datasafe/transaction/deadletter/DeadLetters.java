package health.datasafe.transaction.deadletter;

import health.datasafe.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes a consumed record unchanged to {@code <topic>.dlt}, with the reason in {@link Topics#REASON_HEADER}
 * and its origin in Spring's {@code kafka_dlt-original-*} headers. The send is awaited, so the consumer only moves
 * past the record once it is safely on the dead-letter topic.
 */
@Component
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final KafkaTemplate<String, String> kafka;

    DeadLetters(KafkaTemplate<String, String> kafka) {
        this.kafka = kafka;
    }

    public void send(ConsumerRecord<?, ?> record, String reason) {
        var out = new ProducerRecord<>(Topics.deadLetter(record.topic()), null,
                record.key() == null ? null : record.key().toString(),
                record.value() == null ? null : record.value().toString());
        out.headers().add(Topics.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        out.headers().add(KafkaHeaders.DLT_ORIGINAL_TOPIC, record.topic().getBytes(StandardCharsets.UTF_8));
        out.headers().add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(record.partition()).array());
        out.headers().add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(record.offset()).array());
        try {
            kafka.send(out).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering " + record.topic() + "@" + record.offset(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not dead-letter " + record.topic() + "@" + record.offset(), e);
        }
        log.warn("{}-{}@{} sent to {}: {}", record.topic(), record.partition(), record.offset(), out.topic(), reason);
    }
}
