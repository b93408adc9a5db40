package health.datasafe.kit.kafka;

import health.datasafe.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Publishes a consumed record to {@code <topic>.dlt} as it came, with its key, its value bytes and its headers, adding
 * the reason ({@link Topics#REASON_HEADER}) and Spring's {@code kafka_dlt-original-*} headers (topic, partition,
 * offset, timestamp, group) and exception class and message; never a stack trace. The send is awaited: the consumer
 * only moves past the record once it is safely on the dead-letter topic, and an exception says when it is not. Through
 * a transactional template the send joins the consumer's Kafka transaction.
 */
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final DeadLetterPublishingRecoverer publisher;

    public DeadLetters(KafkaOperations<?, ?> kafka) {
        publisher = new DeadLetterPublishingRecoverer(kafka,
                (record, failure) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
        publisher.setHeadersFunction((record, failure) -> new RecordHeaders(new RecordHeader[]{
                new RecordHeader(Topics.REASON_HEADER, reasonOf(failure).getBytes(StandardCharsets.UTF_8))}));
        publisher.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
        publisher.setFailIfSendResultIsError(true);
        publisher.setWaitForSendResultTimeout(SEND_TIMEOUT);
    }

    /** Dead-letters a record its consumer refused, with {@code reason}; throws if it could not be published. */
    public void send(ConsumerRecord<?, ?> record, String reason) {
        recoverer().accept(record, new RecordRefused(reason));
    }

    /**
     * Dead-letters a record whose processing failed in a way a retry would not mend (a batch listener's per-record
     * fallback), with the failure's root cause as the reason; throws if it could not be published.
     */
    public void send(ConsumerRecord<?, ?> record, RuntimeException failure) {
        recoverer().accept(record, failure);
    }

    /**
     * What a batch listener takes of its poll: {@code read} of each record, in order, leaving out the empty ones. A
     * record refused for what it is ({@link ListenerErrors#refuses}) is dead-lettered with its reason and the rest of
     * the batch goes on; any other failure is thrown, for the error handler to retry the batch.
     */
    public <K, V, T> List<T> readEach(List<ConsumerRecord<K, V>> records, Function<ConsumerRecord<K, V>, Optional<T>> read) {
        var taken = new ArrayList<T>(records.size());
        for (ConsumerRecord<K, V> record : records) {
            try {
                read.apply(record).ifPresent(taken::add);
            } catch (RuntimeException failure) {
                if (!ListenerErrors.refuses(failure)) {
                    throw failure;
                }
                send(record, failure);
            }
        }
        return taken;
    }

    /** The recoverer of the listeners' error handler: dead-letters a record with the reason its failure gives. */
    ConsumerRecordRecoverer recoverer() {
        return (record, failure) -> {
            publisher.accept(record, failure);
            log.warn("{}-{}@{} sent to {}: {}", record.topic(), record.partition(), record.offset(),
                    Topics.deadLetter(record.topic()), reasonOf(failure));
        };
    }

    /** The refusal's reason, or for anything else its root cause, named by class and message. */
    static String reasonOf(Throwable failure) {
        Throwable cause = failure;
        for (Throwable next = failure; next != null; next = next.getCause() == next ? null : next.getCause()) {
            if (next instanceof RecordRefused refused) {
                return refused.reason();
            }
            cause = next;
        }
        return cause == null ? "unprocessable" : "unprocessable: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
