package health.datasafe.validator.intake;

import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionRejected;
import health.datasafe.contracts.TransactionSubmitted;
import health.datasafe.contracts.TransactionValidated;
import health.datasafe.kit.kafka.DeadLetters;
import health.datasafe.kit.kafka.EventReader;
import health.datasafe.kit.kafka.RecordRefused;
import health.datasafe.validator.decision.Decider;
import health.datasafe.validator.decision.Decision;
import health.datasafe.validator.decision.DecisionKey;
import health.datasafe.validator.decision.Ruling;
import health.datasafe.validator.epoch.EpochWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads each poll's batch of submitted transactions in one Kafka transaction (read-process-write: the outputs and the
 * consumed offsets are committed together or not at all), and decides the whole batch in one database transaction
 * ({@link Decider}). Each transaction gets exactly one {@link TransactionValidated} or {@link TransactionRejected},
 * signed with the validator's {@link DecisionKey}, keyed by its partition key, in the batch's order; the validated ones are closed into epochs ({@link EpochWriter}),
 * which is where the ledger cuts its blocks.
 *
 * <p>A record that is not acceptable JSON of a {@link TransactionSubmitted} ({@link EventReader}), or whose
 * transaction breaks the schema, is not signed by a trusted initiator or reuses a decided id, is
 * {@link RecordRefused} ({@link Ruling.Refused}) and dead-lettered with the reason in the same transaction. Any
 * failure of the batch as a whole (an outage of the database or the broker, a decision raced by another instance)
 * rolls it back to be read again: the decisions stored before it are found and answered again, so the outputs are the
 * same.
 */
@Component
class SubmissionListener {

    private static final Logger log = LoggerFactory.getLogger(SubmissionListener.class);

    private final EventReader events;
    private final JsonMapper json;
    private final Decider decider;
    private final EpochWriter epochs;
    private final DeadLetters deadLetters;
    private final KafkaTemplate<String, byte[]> kafka;
    private final DecisionKey signer;

    SubmissionListener(EventReader events, JsonMapper json, Decider decider, EpochWriter epochs,
                       DeadLetters deadLetters, KafkaTemplate<String, byte[]> kafka, DecisionKey signer) {
        this.signer = signer;
        this.events = events;
        this.json = json;
        this.decider = decider;
        this.epochs = epochs;
        this.deadLetters = deadLetters;
        this.kafka = kafka;
    }

    @KafkaListener(id = "validator-submitted", idIsGroup = false, topics = Topics.TX_SUBMITTED, batch = "true")
    void onSubmitted(List<ConsumerRecord<String, byte[]>> records) {
        var readable = new ArrayList<ConsumerRecord<String, byte[]>>(records.size());
        var transactions = new ArrayList<Transaction>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                transactions.add(read(record));
                readable.add(record);
            } catch (RecordRefused refused) {
                deadLetters.send(record, refused.reason());
            }
        }
        List<Ruling> rulings = decider.decide(transactions);
        EpochWriter.Epoch epoch = epochs.open();
        for (int i = 0; i < rulings.size(); i++) {
            ConsumerRecord<String, byte[]> record = readable.get(i);
            switch (rulings.get(i)) {
                case Ruling.Refused(String reason) -> deadLetters.send(record, reason);
                case Ruling.Decided(Decision decision) -> answer(record, transactions.get(i), decision, epoch);
            }
        }
        epoch.end();
    }

    private Transaction read(ConsumerRecord<String, byte[]> record) {
        Transaction tx = events.read(record.value(), TransactionSubmitted.class).transaction();
        if (tx == null) {
            throw new RecordRefused("not a TransactionSubmitted: no transaction");
        }
        return tx;
    }

    private void answer(ConsumerRecord<String, byte[]> record, Transaction tx, Decision decision,
                        EpochWriter.Epoch epoch) {
        String key = tx.partitionKey() != null ? tx.partitionKey() : record.key();
        if (decision.validated()) {
            epoch.write(key, signer.validated(tx, decision), record.partition());
            log.debug("{} {} validated", tx.type(), tx.id());
        } else {
            kafka.send(Topics.TX_REJECTED, key, json.writeValueAsBytes(signer.rejected(tx, decision)));
            log.info("{} {} rejected {}: {}", tx.type(), tx.id(), decision.reason(), decision.detail());
        }
    }
}
