package health.datasafe.recovery.witness;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.Topics;
import health.datasafe.kit.kafka.BlockScreen;
import health.datasafe.kit.kafka.RecordRefused;
import health.datasafe.recovery.incident.AlertPublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Hands every committed block to the witness. A record that is not a whole block ({@link BlockScreen#read}) is
 * refused and goes to the dead-letter topic; a block that fails the witness's checks is recorded as an integrity
 * incident, its alert raised, and the block dead-lettered with the failure as its reason. Either way the listener moves on.
 */
@Component
class WitnessListener {

    private final BlockScreen blocks;
    private final BlockWitness witness;
    private final AlertPublisher alerts;

    WitnessListener(BlockScreen blocks, BlockWitness witness, AlertPublisher alerts) {
        this.blocks = blocks;
        this.witness = witness;
        this.alerts = alerts;
    }

    @KafkaListener(id = "recovery-ledger-blocks", topics = Topics.LEDGER_BLOCKS, groupId = "${spring.kafka.consumer.group-id:recovery-service}")
    void onBlock(ConsumerRecord<String, byte[]> record) {
        BlockCommitted block = blocks.read(record.value());
        witness.receive(block).ifPresent(failure -> {
            alerts.publishPending();
            throw new RecordRefused("integrity incident " + failure.failure() + ": " + failure.detail());
        });
    }
}
