package health.datasafe.transaction.deadletter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What happens when a listener throws (a database outage, not a bad record: those are dead-lettered by the
 * listener itself): retry with growing pauses for up to five minutes, then dead-letter the record with the
 * failure as its reason, so it is never silently dropped and can be replayed from the dead-letter topic.
 */
@Configuration(proxyBeanMethods = false)
class KafkaErrorHandling {

    @Bean
    CommonErrorHandler listenerErrorHandler(DeadLetters deadLetters) {
        var backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(300_000);
        return new DefaultErrorHandler(
                (record, failure) -> deadLetters.send(record, "unprocessable after retries: " + rootCause(failure)), backOff);
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
