package health.datasafe.report.accesslog;

import health.datasafe.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Reads every committed block and records it in the access log ({@link BlockProjection}: its RECORD_ACCESSED and
 * ACCESS_DENIED transactions, and how far its shard's log reaches), then tells patients what they must learn of in it
 * ({@link PatientNotifier}). A record the projection refuses goes to the
 * dead-letter topic; the listener moves on. A rebuild stops this listener ({@link #ID}) while it catches up.
 */
@Component
class LedgerBlockListener {

    static final String ID = "report-ledger-blocks";

    private final BlockProjection projection;
    private final AccessLogStore store;
    private final PatientNotifier notifier;

    LedgerBlockListener(BlockProjection projection, AccessLogStore store, PatientNotifier notifier) {
        this.projection = projection;
        this.store = store;
        this.notifier = notifier;
    }

    @KafkaListener(id = ID, topics = Topics.LEDGER_BLOCKS, groupId = "${spring.kafka.consumer.group-id:report-service}")
    void onBlock(ConsumerRecord<String, byte[]> record) {
        projection.projectFirstCopy(record, projected -> {
            store.record(List.of(projected));
            notifier.notifyOf(projected);
        });
    }
}
