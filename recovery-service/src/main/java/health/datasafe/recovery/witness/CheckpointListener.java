package health.datasafe.recovery.witness;

import health.datasafe.contracts.Topics;
import health.datasafe.kit.kafka.UnhurriedPolls;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Hands every signed checkpoint to the witness. A record that is not a CheckpointSigned, or whose checkpoint does not
 * verify with a trusted ledger key, is refused and goes to the dead-letter topic. A replay takes each record the same
 * way ({@link Witness#checkpoint}); a rebuild pauses this listener ({@link #ID}).
 */
@Component
class CheckpointListener {

    static final String ID = "recovery-ledger-checkpoints";

    private final Witness witness;

    CheckpointListener(WitnessProjection projection) {
        this.witness = projection.live();
    }

    @KafkaListener(id = ID, topics = Topics.LEDGER_CHECKPOINTS,
            groupId = "${spring.kafka.consumer.group-id:recovery-service}",
            properties = {UnhurriedPolls.MIN_BYTES, UnhurriedPolls.MAX_WAIT})
    void onCheckpoint(ConsumerRecord<String, byte[]> record) {
        witness.inOneTransaction(() -> {
            witness.checkpoint(record.value());
            return null;
        });
    }
}
