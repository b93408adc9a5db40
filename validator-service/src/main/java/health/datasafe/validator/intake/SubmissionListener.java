package health.datasafe.validator.intake;

import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionRejected;
import health.datasafe.contracts.TransactionSubmitted;
import health.datasafe.contracts.TransactionValidated;
import health.datasafe.validator.decision.Decider;
import health.datasafe.validator.decision.Decision;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads each submitted transaction, has it decided and publishes exactly one {@link TransactionValidated} or
 * {@link TransactionRejected}, keyed by the transaction's partition key. The container runs each record in a Kafka
 * transaction (read-process-write): the output and the consumed offset are committed together or not at all. A record
 * that is not a {@link TransactionSubmitted} is thrown back as {@link MalformedSubmission} for the error handler to
 * dead-letter.
 */
@Component
class SubmissionListener {

    private static final Logger log = LoggerFactory.getLogger(SubmissionListener.class);
    private static final int MAX_REASON_LENGTH = 500;

    private final JsonMapper json;
    private final Decider decider;
    private final KafkaTemplate<String, byte[]> kafka;

    SubmissionListener(JsonMapper json, Decider decider, KafkaTemplate<String, byte[]> kafka) {
        this.json = json;
        this.decider = decider;
        this.kafka = kafka;
    }

    @KafkaListener(id = "validator-submitted", idIsGroup = false, topics = Topics.TX_SUBMITTED)
    void onSubmitted(ConsumerRecord<String, byte[]> record) {
        Transaction tx = parse(record.value());
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

    private Transaction parse(byte[] value) {
        if (value == null || value.length == 0) {
            throw new MalformedSubmission("empty record");
        }
        TransactionSubmitted submitted;
        try {
            submitted = json.readValue(value, TransactionSubmitted.class);
        } catch (JacksonException e) {
            throw new MalformedSubmission("not a TransactionSubmitted: " + shorten(e.getOriginalMessage()));
        }
        if (submitted == null || submitted.transaction() == null) {
            throw new MalformedSubmission("not a TransactionSubmitted: no transaction");
        }
        return submitted.transaction();
    }

    private static String shorten(String message) {
        if (message == null) {
            return "unreadable";
        }
        return message.length() <= MAX_REASON_LENGTH ? message : message.substring(0, MAX_REASON_LENGTH) + "...";
    }
}
