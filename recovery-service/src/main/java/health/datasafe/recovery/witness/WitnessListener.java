package health.datasafe.recovery.witness;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.contracts.Topics;
import health.datasafe.recovery.deadletter.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hands every committed block to the witness. A record that is not a readable block goes to the dead-letter topic;
 * a block that fails the witness's checks is recorded as an integrity incident and also dead-lettered with the
 * failure as its reason. Either way the listener moves on.
 */
@Component
class WitnessListener {

    private final JsonMapper json;
    private final BlockWitness witness;
    private final DeadLetters deadLetters;

    WitnessListener(JsonMapper json, BlockWitness witness, DeadLetters deadLetters) {
        this.json = json;
        this.witness = witness;
        this.deadLetters = deadLetters;
    }

    @KafkaListener(id = "recovery-ledger-blocks", topics = Topics.LEDGER_BLOCKS, groupId = "${spring.kafka.consumer.group-id:recovery-service}")
    void onBlock(ConsumerRecord<String, String> record) {
        BlockCommitted block;
        try {
            block = parse(record.value());
        } catch (MalformedBlock e) {
            deadLetters.send(record, e.getMessage());
            return;
        }
        witness.receive(block).ifPresent(failure ->
                deadLetters.send(record, "integrity incident " + failure.failure() + ": " + failure.detail()));
    }

    private BlockCommitted parse(String value) {
        if (value == null || value.isBlank()) {
            throw new MalformedBlock("empty record");
        }
        BlockCommitted block;
        try {
            block = json.readValue(value, BlockCommitted.class);
        } catch (JacksonException e) {
            throw new MalformedBlock(e.getOriginalMessage());
        }
        if (block == null || block.header() == null) {
            throw new MalformedBlock("no header");
        }
        var header = block.header();
        if (header.previousHash() == null || header.merkleRoot() == null || header.timestamp() == null) {
            throw new MalformedBlock("header of block " + header.height() + " lacks previousHash, merkleRoot or timestamp");
        }
        if (block.blockHash() == null || block.signer() == null || block.signature() == null) {
            throw new MalformedBlock("block " + header.height() + " lacks blockHash, signer or signature");
        }
        if (block.transactions() == null) {
            throw new MalformedBlock("block " + header.height() + " has no transactions");
        }
        for (CommittedTransaction committed : block.transactions()) {
            if (committed == null || committed.transaction() == null || committed.txHash() == null) {
                throw new MalformedBlock("block " + header.height() + " has an entry without transaction or tx hash");
            }
        }
        return block;
    }
}
