package health.datasafe.report.accesslog;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.kit.kafka.BlockScreen;
import health.datasafe.kit.kafka.RecordRefused;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads every committed block and records its RECORD_ACCESSED and ACCESS_DENIED transactions in the access log. A
 * record that is not a whole block whose hashes and signature check out ({@link BlockScreen#verified}) is refused and
 * goes to the dead-letter topic; the listener moves on.
 */
@Component
class LedgerBlockListener {

    private final BlockScreen blocks;
    private final AccessLogStore store;

    LedgerBlockListener(BlockScreen blocks, AccessLogStore store) {
        this.blocks = blocks;
        this.store = store;
    }

    @KafkaListener(id = "report-ledger-blocks", topics = Topics.LEDGER_BLOCKS, groupId = "${spring.kafka.consumer.group-id:report-service}")
    void onBlock(ConsumerRecord<String, byte[]> record) {
        List<AccessAttempt> attempts = accessAttemptsOf(blocks.verified(record.value()));
        if (!attempts.isEmpty()) {
            store.record(attempts);
        }
    }

    private static List<AccessAttempt> accessAttemptsOf(BlockCommitted block) {
        var attempts = new ArrayList<AccessAttempt>();
        for (CommittedTransaction committed : block.transactions()) {
            Transaction tx = committed.transaction();
            Outcome outcome = switch (tx.type()) {
                case RECORD_ACCESSED -> Outcome.READ;
                case ACCESS_DENIED -> Outcome.DENIED;
                default -> null;
            };
            if (outcome == null) {
                continue;
            }
            require(tx.patientId(), "patientId", tx);
            require(tx.actorId(), "actorId", tx);
            if (tx.submittedAt() == null) {
                throw new RecordRefused("transaction " + tx.id() + " has no submittedAt");
            }
            attempts.add(new AccessAttempt(tx.id(), tx.patientId(), tx.actorId(), tx.meta(Metadata.RECORD_ID),
                    tx.meta(Metadata.PURPOSE), outcome, outcome == Outcome.DENIED ? tx.meta(Metadata.REASON) : null,
                    tx.submittedAt(), committed.txHash(), block.header().shard(), block.header().height(),
                    committed.leafIndex()));
        }
        return attempts;
    }

    private static void require(String value, String field, Transaction tx) {
        if (value == null || value.isBlank()) {
            throw new RecordRefused(tx.type() + " transaction " + tx.id() + " has no " + field);
        }
    }
}
