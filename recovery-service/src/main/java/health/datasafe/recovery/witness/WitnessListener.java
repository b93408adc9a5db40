package health.datasafe.recovery.witness;

import health.datasafe.contracts.Topics;
import health.datasafe.kit.kafka.BlockCopies;
import health.datasafe.kit.kafka.BlockScreen;
import health.datasafe.kit.kafka.RecordRefused;
import health.datasafe.kit.kafka.UnhurriedPolls;
import health.datasafe.recovery.incident.AlertPublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Hands every committed block to the witness. A record that is not a whole block ({@link BlockScreen#read}) is
 * refused and goes to the dead-letter topic; a block that fails the witness's checks is recorded as an integrity
 * incident, its alert raised, and the block dead-lettered with the failure as its reason. Either way the listener moves on.
 * Another ledger node's copy of a block witnessed lately is skipped, unread when its header names it
 * ({@link BlockCopies}): witnessing it again would change nothing.
 * A replay takes each record the same way ({@link Witness#block}); a rebuild pauses this listener ({@link #ID}).
 */
@Component
class WitnessListener {

    static final String ID = "recovery-ledger-blocks";

    private final Witness witness;
    private final AlertPublisher alerts;
    private final BlockCopies witnessed = new BlockCopies();

    WitnessListener(WitnessProjection projection, AlertPublisher alerts) {
        this.witness = projection.live();
        this.alerts = alerts;
    }

    @KafkaListener(id = ID, topics = Topics.LEDGER_BLOCKS, groupId = "${spring.kafka.consumer.group-id:recovery-service}",
            properties = {UnhurriedPolls.MIN_BYTES, UnhurriedPolls.MAX_WAIT})
    void onBlock(ConsumerRecord<String, byte[]> record) {
        witnessed.actOnFirstCopy(record, witness::read, block ->
                witness.inOneTransaction(() -> witness.receive(block)).ifPresent(failure -> {
                    alerts.publishPending();
                    throw new RecordRefused("integrity incident " + failure.failure() + ": " + failure.detail());
                }));
    }
}
