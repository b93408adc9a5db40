package health.datasafe.validator.intake;

import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionRejected;
import health.datasafe.contracts.TransactionSubmitted;
import health.datasafe.contracts.TransactionValidated;
import health.datasafe.kit.kafka.EventReader;
import health.datasafe.kit.kafka.RecordRefused;
import health.datasafe.validator.decision.Decider;
import health.datasafe.validator.decision.Decision;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads each submitted transaction, has it decided and publishes exactly one {@link TransactionValidated} or
 * {@link TransactionRejected}, keyed by the transaction's partition key. The container runs each record in a Kafka
 * transaction (read-process-write): the output and the consumed offset are committed together or not at all. A record
 * that is not acceptable JSON of a {@link TransactionSubmitted} ({@link EventReader}), or whose transaction breaks the
 * schema, is not signed by a trusted initiator or reuses a decided id, is {@link RecordRefused}: the kit's error
 * handling dead-letters it with the reason, and nothing is stored or published for it.
 */
@Component
class SubmissionListener {

    private static final Logger log = LoggerFactory.getLogger(SubmissionListener.class);

    private final EventReader events;
    private final JsonMapper json;
    private final Decider decider;
    private final KafkaTemplate<String, byte[]> kafka;

    SubmissionListener(EventReader events, JsonMapper json, Decider decider, KafkaTemplate<String, byte[]> kafka) {
        this.events = events;
        this.json = json;
        this.decider = decider;
        this.kafka = kafka;
    }

    @KafkaListener(id = "validator-submitted", idIsGroup = false, topics = Topics.TX_SUBMITTED)
    void onSubmitted(ConsumerRecord<String, byte[]> record) {
        Transaction tx = events.read(record.value(), TransactionSubmitted.class).transaction();
        if (tx == null) {
            throw new RecordRefused("not a TransactionSubmitted: no transaction");
        }
        Decision decision = decider.decide(tx);
        String key = tx.partitionKey() != null ? tx.partitionKey() : record.key();
        if (decision.validated()) {
            kafka.send(Topics.TX_VALIDATED, key, json.writeValueAsBytes(new TransactionValidated(tx,
                    decision.txHash(), decision.validator(), decision.decidedAt())));
            log.debug("{} {} validated", tx.type(), tx.id());
        } else {
            kafka.send(Topics.TX_REJECTED, key, json.writeValueAsBytes(new TransactionRejected(tx, decision.reason(),
                    decision.detail(), decision.validator(), decision.decidedAt())));
            log.info("{} {} rejected {}: {}", tx.type(), tx.id(), decision.reason(), decision.detail());
        }
    }
}
