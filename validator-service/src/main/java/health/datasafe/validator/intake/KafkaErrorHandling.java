package health.datasafe.validator.intake;

import health.datasafe.contracts.Topics;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.nio.charset.StandardCharsets;

/**
 * What happens when the listener throws. A {@link MalformedSubmission} is not retried: the record goes, byte for
 * byte, to {@code dsh.tx.submitted.dlt} with the reason in {@link Topics#REASON_HEADER}, inside the same Kafka
 * transaction that commits its offset, and the next record is read. Anything else (the database is down, a
 * concurrent decision) is retried with growing pauses for as long as it takes: skipping a transaction would break its
 * patient's order, and a lost revocation would let later reads through.
 */
@Configuration(proxyBeanMethods = false)
class KafkaErrorHandling {

    private static final Logger log = LoggerFactory.getLogger(KafkaErrorHandling.class);

    @Bean
    DefaultErrorHandler submissionErrorHandler(KafkaTemplate<String, byte[]> kafka) {
        var recoverer = new DeadLetterPublishingRecoverer(kafka,
                (record, failure) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
        recoverer.setHeadersFunction((record, failure) -> new RecordHeaders(new Header[] {
                new RecordHeader(Topics.REASON_HEADER, reasonOf(failure).getBytes(StandardCharsets.UTF_8))}));
        var backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        var handler = new DefaultErrorHandler((record, failure) -> {
            log.warn("{}-{}@{} sent to {}: {}", record.topic(), record.partition(), record.offset(),
                    Topics.deadLetter(record.topic()), reasonOf(failure));
            recoverer.accept(record, failure);
        }, backOff);
        handler.addNotRetryableExceptions(MalformedSubmission.class);
        return handler;
    }

    /** The message of the malformed-record failure, or the root cause of anything else. */
    private static String reasonOf(Throwable failure) {
        Throwable cause = failure;
        while (cause != null) {
            if (cause instanceof MalformedSubmission malformed) {
                return malformed.getMessage();
            }
            if (cause.getCause() == null || cause.getCause() == cause) {
                break;
            }
            cause = cause.getCause();
        }
        return cause == null ? "unknown failure" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
