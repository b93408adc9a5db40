package health.datasafe.kit.kafka;

import health.datasafe.integrity.CanonicalJson;
import health.datasafe.integrity.LedgerInvalid;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.FailedRecordProcessor;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;
import tools.jackson.core.JacksonException;

import java.util.List;

/**
 * What the listeners do when processing a record throws. A refused record ({@link RecordRefused}, or a parse, JSON
 * or ledger-rule failure that escaped the listener) goes to its dead-letter topic at once. An outage (database or
 * broker unreachable, a transaction collision: {@link InfrastructureFaults}) is retried with growing pauses of up to
 * 30 s for as long as it lasts, so no record is skipped because a dependency was down. Anything else is a bug that
 * would fail the same way forever: it is tried twice more, a second apart, then dead-lettered with the failure as the
 * reason, so one record never stalls its partition.
 */
public final class ListenerErrors {

    static final long BUG_RETRY_INTERVAL_MS = 1_000;
    static final long BUG_RETRIES = 2;

    private ListenerErrors() {
    }

    /** For listeners without Kafka transactions. */
    public static DefaultErrorHandler handler(DeadLetters deadLetters) {
        return classified(new DefaultErrorHandler(deadLetters.recoverer(), bugBackOff()));
    }

    /**
     * For listeners in Kafka transactions (read-process-write): the same rules, applied after the transaction rolled
     * back; a dead-lettered record's offset is then committed in a transaction of its own.
     */
    public static DefaultAfterRollbackProcessor<Object, Object> afterRollback(DeadLetters deadLetters,
                                                                             KafkaOperations<?, ?> kafka) {
        return classified(new DefaultAfterRollbackProcessor<>(deadLetters.recoverer(), bugBackOff(), kafka, true));
    }

    /** The failures that refuse a record for what it is: dead-lettered at once, never retried. */
    private static final List<Class<? extends Throwable>> REFUSALS = List.of(RecordRefused.class, JacksonException.class,
            CanonicalJson.MalformedJson.class, LedgerInvalid.class);

    /**
     * Whether {@code failure} refuses the record for what it is (as the error handler judges it): a batch listener
     * dead-letters such a record itself and goes on with the rest of its batch.
     */
    public static boolean refuses(Throwable failure) {
        return REFUSALS.stream().anyMatch(refusal -> refusal.isInstance(failure));
    }

    @SuppressWarnings("unchecked")
    private static <T extends FailedRecordProcessor> T classified(T processor) {
        processor.setBackOffFunction((record, failure) -> InfrastructureFaults.isOutage(failure) ? outage() : null);
        processor.addNotRetryableExceptions(REFUSALS.toArray(Class[]::new));
        return processor;
    }

    private static FixedBackOff bugBackOff() {
        return new FixedBackOff(BUG_RETRY_INTERVAL_MS, BUG_RETRIES);
    }

    private static ExponentialBackOff outage() {
        var backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        return backOff;
    }
}
