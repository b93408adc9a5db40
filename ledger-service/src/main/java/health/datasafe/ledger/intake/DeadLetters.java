package health.datasafe.ledger.intake;

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
 * Publishes a refused record unchanged to {@code <topic>.dlt}, with the reason in {@link Topics#REASON_HEADER} and
 * its origin in Spring's {@code kafka_dlt-original-*} headers. The send is awaited; the record's offset is stored
 * with the next database commit, so after a crash in between the record is dead-lettered again (at least once).
 */
@Component
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final KafkaTemplate<String, byte[]> kafka;

    DeadLetters(KafkaTemplate<String, byte[]> kafka) {
        this.kafka = kafka;
    }

    public void send(ConsumerRecord<String, byte[]> record, String reason) {
        var out = new ProducerRecord<>(Topics.deadLetter(record.topic()), null, record.key(), record.value());
        out.headers().add(Topics.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        out.headers().add(KafkaHeaders.DLT_ORIGINAL_TOPIC, record.topic().getBytes(StandardCharsets.UTF_8));
        out.headers().add(KafkaHeaders.DLT_ORIGINAL_PARTITION,
                ByteBuffer.allocate(Integer.BYTES).putInt(record.partition()).array());
        out.headers().add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(record.offset()).array());
        try {
            kafka.send(out).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterNotSent(record.topic(), record.partition(), record.offset(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new DeadLetterNotSent(record.topic(), record.partition(), record.offset(), e);
        }
        log.warn("{}-{}@{} sent to {}: {}", record.topic(), record.partition(), record.offset(), out.topic(), reason);
    }
}
