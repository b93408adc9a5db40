package health.datasafe.recovery.witness;

import health.datasafe.contracts.CheckpointSigned;
import health.datasafe.contracts.Topics;
import health.datasafe.kit.kafka.EventReader;
import health.datasafe.kit.kafka.RecordRefused;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Hands every signed checkpoint to the witness. A record that is not a CheckpointSigned, or whose checkpoint does not
 * verify with a trusted ledger key, is refused and goes to the dead-letter topic.
 */
@Component
class CheckpointListener {

    private final EventReader events;
    private final CheckpointWitness witness;

    CheckpointListener(EventReader events, CheckpointWitness witness) {
        this.events = events;
        this.witness = witness;
    }

    @KafkaListener(id = "recovery-ledger-checkpoints", topics = Topics.LEDGER_CHECKPOINTS,
            groupId = "${spring.kafka.consumer.group-id:recovery-service}")
    void onCheckpoint(ConsumerRecord<String, byte[]> record) {
        CheckpointSigned signed = events.read(record.value(), CheckpointSigned.class);
        witness.receive(signed).ifPresent(refusal -> {
            throw new RecordRefused("checkpoint refused: " + refusal);
        });
    }
}
