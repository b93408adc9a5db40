package health.datasafe.report.accesslog;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.report.deadletter.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads every committed block and records its RECORD_ACCESSED and ACCESS_DENIED transactions in the access log.
 * A record that is not a readable block goes to the dead-letter topic and the listener moves on.
 */
@Component
class LedgerBlockListener {

    private final JsonMapper json;
    private final AccessLogStore store;
    private final DeadLetters deadLetters;

    LedgerBlockListener(JsonMapper json, AccessLogStore store, DeadLetters deadLetters) {
        this.json = json;
        this.store = store;
        this.deadLetters = deadLetters;
    }

    @KafkaListener(id = "report-ledger-blocks", topics = Topics.LEDGER_BLOCKS, groupId = "${spring.kafka.consumer.group-id:report-service}")
    void onBlock(ConsumerRecord<String, String> record) {
        List<AccessAttempt> attempts;
        try {
            attempts = accessAttemptsOf(parse(record.value()));
        } catch (MalformedBlock e) {
            deadLetters.send(record, e.getMessage());
            return;
        }
        if (!attempts.isEmpty()) {
            store.record(attempts);
        }
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
        if (block.transactions() == null || block.transactions().isEmpty()) {
            throw new MalformedBlock("no transactions");
        }
        return block;
    }

    private static List<AccessAttempt> accessAttemptsOf(BlockCommitted block) {
        var attempts = new ArrayList<AccessAttempt>();
        for (CommittedTransaction committed : block.transactions()) {
            Transaction tx = committed == null ? null : committed.transaction();
            if (tx == null) {
                throw new MalformedBlock("a committed entry without its transaction");
            }
            Outcome outcome = outcomeOf(tx.type());
            if (outcome == null) {
                continue;
            }
            require(tx.id(), "id", tx);
            require(tx.patientId(), "patientId", tx);
            require(tx.actorId(), "actorId", tx);
            require(committed.txHash(), "txHash", tx);
            if (tx.submittedAt() == null) {
                throw new MalformedBlock("transaction " + tx.id() + " has no submittedAt");
            }
            attempts.add(new AccessAttempt(tx.id(), tx.patientId(), tx.actorId(), tx.meta(Metadata.RECORD_ID),
                    tx.meta(Metadata.PURPOSE), outcome, outcome == Outcome.DENIED ? tx.meta(Metadata.REASON) : null,
                    tx.submittedAt(), committed.txHash(), block.header().shard(), block.header().height(),
                    committed.leafIndex()));
        }
        return attempts;
    }

    private static Outcome outcomeOf(TransactionType type) {
        if (type == null) {
            throw new MalformedBlock("a transaction without a type");
        }
        return switch (type) {
            case RECORD_ACCESSED -> Outcome.READ;
            case ACCESS_DENIED -> Outcome.DENIED;
            default -> null;
        };
    }

    private static void require(String value, String field, Transaction tx) {
        if (value == null || value.isBlank()) {
            throw new MalformedBlock(tx.type() + " transaction " + tx.id() + " has no " + field);
        }
    }
}
