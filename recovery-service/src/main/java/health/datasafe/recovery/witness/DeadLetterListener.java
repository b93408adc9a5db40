package health.datasafe.recovery.witness;

import health.datasafe.contracts.Topics;
import health.datasafe.recovery.incident.AlertPublisher;
import health.datasafe.recovery.incident.Finding;
import health.datasafe.recovery.incident.IncidentLog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Makes every record a service refused on a topic that only the system's own services write an integrity incident:
 * a forged decision, an unsigned block or checkpoint, a transaction submitted under a reused id. Those topics carry
 * nothing from outside, so a refusal there means someone wrote to Kafka who should not have, or a service is broken;
 * either way an operator must hear of it. The incident ({@code RecordRefused}, source {@code deadletter}) names the
 * refused record's topic, partition and offset, so the copies several consumers dead-lettered of one record are one
 * incident; its alert goes out at once. Records the recovery-service dead-lettered itself are skipped: its witness
 * recorded them as incidents of their own when it refused them.
 */
@Component
class DeadLetterListener {

    static final String ID = "recovery-dead-letters";
    /** What a refusal is recorded as. */
    static final String FAILURE = "RecordRefused";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterListener.class);

    private final IncidentLog incidents;
    private final AlertPublisher alerts;
    private final String ownGroup;

    DeadLetterListener(IncidentLog incidents, AlertPublisher alerts,
                       @org.springframework.beans.factory.annotation.Value(
                               "${spring.kafka.consumer.group-id:recovery-service}") String ownGroup) {
        this.incidents = incidents;
        this.alerts = alerts;
        this.ownGroup = ownGroup;
    }

    @KafkaListener(id = ID, groupId = "${spring.kafka.consumer.group-id:recovery-service}",
            properties = "isolation.level=read_committed",
            topics = {Topics.TX_SUBMITTED + Topics.DEAD_LETTER_SUFFIX, Topics.TX_VALIDATED + Topics.DEAD_LETTER_SUFFIX,
                    Topics.TX_REJECTED + Topics.DEAD_LETTER_SUFFIX, Topics.LEDGER_BLOCKS + Topics.DEAD_LETTER_SUFFIX,
                    Topics.LEDGER_SIGNATURES + Topics.DEAD_LETTER_SUFFIX,
                    Topics.LEDGER_CHECKPOINTS + Topics.DEAD_LETTER_SUFFIX})
    void onDeadLetter(ConsumerRecord<String, byte[]> letter) {
        String group = text(letter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP));
        if (ownGroup.equals(group)) {
            return;
        }
        String topic = text(letter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC));
        Integer partition = number(letter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION), Integer.BYTES)
                .map(ByteBuffer::getInt).orElse(null);
        Long offset = number(letter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET), Long.BYTES)
                .map(ByteBuffer::getLong).orElse(null);
        String reason = text(letter.headers().lastHeader(Topics.REASON_HEADER));
        String record = topic == null || partition == null || offset == null
                ? letter.topic() + "-" + letter.partition() + "@" + letter.offset()
                : topic + "-" + partition + "@" + offset;
        String detail = "%s refused %s: %s".formatted(group == null ? "a service" : group, record,
                reason == null ? "no reason given" : reason);
        boolean isNew = incidents.record(Finding.ofDeadLetter(FAILURE, partition == null ? -1 : partition,
                topic == null ? letter.topic() : topic, record, detail));
        if (isNew) {
            log.warn("Integrity incident {}: {}", FAILURE, detail);
            alerts.publishPending();
        }
    }

    private static String text(Header header) {
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static java.util.Optional<ByteBuffer> number(Header header, int size) {
        return header == null || header.value() == null || header.value().length != size
                ? java.util.Optional.empty() : java.util.Optional.of(ByteBuffer.wrap(header.value()));
    }
}
